"""Conformance checks of the simulated API server driven by the official Kubernetes Python client.

Usage: conformance.py KUBECONFIG CONTEXT [CHECK ...]

Runs each check (all of them without arguments) against the cluster of CONTEXT and prints one
JSON object on stdout: {check: {"ok": bool, "error": str}}. The client is used as its users use
it: typed API classes, kubernetes.watch.Watch, ApiException for errors. It sends booleans as
Python spells them (watch=True, force=True, orphanDependents=True) and deserializes every answer
into its models, which raise on a required field that is missing.
"""
import json
import sys
import time
import traceback

from kubernetes import client, config, dynamic, watch
from kubernetes.client.rest import ApiException


def eventually(fn, what, timeout=20.0):
    """Poll fn until it returns a truthy value; its value, or AssertionError naming what."""
    deadline = time.monotonic() + timeout
    while True:
        value = fn()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError('timed out waiting for ' + what)
        time.sleep(0.05)


def expect_status(status, fn, contains=None):
    """Call fn, which must raise ApiException with this HTTP status; the exception."""
    try:
        fn()
    except ApiException as e:
        assert e.status == status, 'expected %d, got %d: %s' % (status, e.status, e.body)
        if contains is not None:
            assert contains in e.body, 'expected %r in %s' % (contains, e.body)
        return e
    raise AssertionError('expected ApiException %d, the call succeeded' % status)


def namespace(core, name):
    try:
        core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=name)))
    except ApiException as e:
        if e.status != 409:
            raise
    return name


def deployment(name, replicas=2, containers=None):
    labels = {'app': name}
    containers = containers or [client.V1Container(name='web', image='nginx:1.27')]
    return client.V1Deployment(
        metadata=client.V1ObjectMeta(name=name, labels=labels),
        spec=client.V1DeploymentSpec(
            replicas=replicas,
            selector=client.V1LabelSelector(match_labels=labels),
            template=client.V1PodTemplateSpec(metadata=client.V1ObjectMeta(labels=labels), spec=client.V1PodSpec(containers=containers)),
        ),
    )


def configmap(name, data, labels=None):
    return client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name, labels=labels), data=data)


def check_discovery_and_models(api):
    """/version/ and the typed lists of nodes and pods deserialize (required fields present)."""
    info = client.VersionApi(api).get_code()
    assert info.git_version.startswith('v1.'), info.git_version
    nodes = client.CoreV1Api(api).list_node().items
    assert len(nodes) > 0, 'no nodes'
    for node in nodes:
        assert node.status.node_info.kube_proxy_version, 'kubeProxyVersion missing'
    client.CoreV1Api(api).list_pod_for_all_namespaces()
    client.AppsV1Api(api).list_deployment_for_all_namespaces()
    client.CoreV1Api(api).list_service_for_all_namespaces()
    client.CoreV1Api(api).list_event_for_all_namespaces()
    # The dynamic client discovers resources from /api and /apis before it lists.
    deployments = dynamic.DynamicClient(api).resources.get(api_version='apps/v1', kind='Deployment')
    assert deployments.get().kind == 'DeploymentList'


def check_list_selectors_and_pagination(api):
    core = client.CoreV1Api(api)
    ns = namespace(core, 'py-list')
    for i in range(7):
        core.create_namespaced_config_map(ns, configmap('cm-%d' % i, {'i': str(i)}, {'tier': 'even' if i % 2 == 0 else 'odd'}))
    even = core.list_namespaced_config_map(ns, label_selector='tier=even').items
    assert sorted(c.metadata.name for c in even) == ['cm-0', 'cm-2', 'cm-4', 'cm-6'], [c.metadata.name for c in even]
    one = core.list_namespaced_config_map(ns, field_selector='metadata.name=cm-3').items
    assert [c.metadata.name for c in one] == ['cm-3']
    names, pages, token = [], 0, None
    while True:
        page = core.list_namespaced_config_map(ns, label_selector='tier', limit=3, _continue=token)
        pages += 1
        names += [c.metadata.name for c in page.items]
        token = page.metadata._continue
        if not token:
            break
    assert pages == 3, 'pages: %d' % pages
    assert names == ['cm-%d' % i for i in range(7)], names
    everything = core.list_namespaced_config_map(ns, limit=0, label_selector='tier')
    assert len(everything.items) == 7 and not everything.metadata._continue


def check_writes_and_patches(api):
    core = client.CoreV1Api(api)
    apps = client.AppsV1Api(api)
    ns = namespace(core, 'py-writes')
    cm = core.create_namespaced_config_map(ns, configmap('settings', {'a': '1'}))
    cm.data = {'a': '2', 'b': '3'}
    replaced = core.replace_namespaced_config_map('settings', ns, cm)
    assert replaced.data == {'a': '2', 'b': '3'}, replaced.data
    merged = core.patch_namespaced_config_map('settings', ns, {'data': {'b': None, 'c': '4'}})
    assert merged.data == {'a': '2', 'c': '4'}, merged.data
    jp = core.patch_namespaced_config_map('settings', ns, [{'op': 'replace', 'path': '/data/a', 'value': '9'}, {'op': 'remove', 'path': '/data/c'}])
    assert jp.data == {'a': '9'}, jp.data
    two = [client.V1Container(name='web', image='nginx:1.27'), client.V1Container(name='sidecar', image='busybox:1.36')]
    apps.create_namespaced_deployment(ns, deployment('web', containers=two))
    # Strategic merge: containers merge by name, so the sidecar stays.
    smp = apps.patch_namespaced_deployment('web', ns, {'spec': {'template': {'spec': {'containers': [{'name': 'web', 'image': 'nginx:1.28'}]}}}})
    images = {c.name: c.image for c in smp.spec.template.spec.containers}
    assert images == {'web': 'nginx:1.28', 'sidecar': 'busybox:1.36'}, images


def check_forced_server_side_apply(api):
    """Server-side apply as this client version (22.x) offers it: a typed patch under the apply
    content type (set as a default header, a YAML body), conflicts answered 409, force=True
    (sent as `force=True`) taking the fields over."""
    core = client.CoreV1Api(api)
    ns = namespace(core, 'py-apply')

    def applier(manager_value):
        api_client = config.new_client_from_config(config_file=KUBECONFIG[0], context=KUBECONFIG[1])
        api_client.set_default_header('Content-Type', 'application/apply-patch+yaml')
        body = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: owned\ndata:\n  key: %s\n' % manager_value
        return client.CoreV1Api(api_client), body

    alice, alice_body = applier('alice')
    created = alice.patch_namespaced_config_map('owned', ns, alice_body, field_manager='alice')
    assert created.data == {'key': 'alice'}, created.data
    bob, bob_body = applier('bob')
    e = expect_status(409, lambda: bob.patch_namespaced_config_map('owned', ns, bob_body, field_manager='bob'))
    assert json.loads(e.body)['reason'] == 'Conflict', e.body
    forced = bob.patch_namespaced_config_map('owned', ns, bob_body, field_manager='bob', force=True)
    assert forced.data == {'key': 'bob'}, forced.data
    managers = {m.manager for m in forced.metadata.managed_fields if m.operation == 'Apply'}
    assert managers == {'bob'}, managers


def check_scale_subresource(api):
    core = client.CoreV1Api(api)
    apps = client.AppsV1Api(api)
    ns = namespace(core, 'py-scale')
    apps.create_namespaced_deployment(ns, deployment('web', replicas=1))
    scale = apps.read_namespaced_deployment_scale('web', ns)
    assert scale.spec.replicas == 1
    scale.spec.replicas = 3
    assert apps.replace_namespaced_deployment_scale('web', ns, scale).spec.replicas == 3
    assert apps.patch_namespaced_deployment_scale('web', ns, {'spec': {'replicas': 2}}).spec.replicas == 2
    assert apps.read_namespaced_deployment('web', ns).spec.replicas == 2
    eventually(lambda: apps.read_namespaced_deployment_scale('web', ns).status.replicas == 2, 'two replicas')


def replica_sets_of(apps, ns, name):
    return [rs for rs in apps.list_namespaced_replica_set(ns, label_selector='app=' + name).items]


def check_orphaning_delete(api):
    core = client.CoreV1Api(api)
    apps = client.AppsV1Api(api)
    ns = namespace(core, 'py-orphan')
    apps.create_namespaced_deployment(ns, deployment('keep', replicas=1))
    eventually(lambda: replica_sets_of(apps, ns, 'keep'), 'the ReplicaSet')
    # The client sends orphanDependents=True (capital T) in the query.
    apps.delete_namespaced_deployment('keep', ns, orphan_dependents=True)
    expect_status(404, lambda: apps.read_namespaced_deployment('keep', ns))
    # The ReplicaSet survives, its owner reference removed by the garbage collector.
    orphans = eventually(lambda: [rs for rs in replica_sets_of(apps, ns, 'keep') if not rs.metadata.owner_references], 'the orphaned ReplicaSet')
    assert len(orphans) == 1 and orphans[0].metadata.deletion_timestamp is None
    assert len(core.list_namespaced_pod(ns, label_selector='app=keep').items) >= 1


def check_foreground_delete(api):
    core = client.CoreV1Api(api)
    apps = client.AppsV1Api(api)
    ns = namespace(core, 'py-foreground')
    apps.create_namespaced_deployment(ns, deployment('gone', replicas=1))
    eventually(lambda: replica_sets_of(apps, ns, 'gone'), 'the ReplicaSet')
    apps.delete_namespaced_deployment('gone', ns, body=client.V1DeleteOptions(propagation_policy='Foreground'))
    eventually(lambda: not replica_sets_of(apps, ns, 'gone'), 'the ReplicaSet to go')
    eventually(lambda: not core.list_namespaced_pod(ns, label_selector='app=gone').items, 'the pods to go')
    expect_status(404, lambda: apps.read_namespaced_deployment('gone', ns))


def first_event(stream, predicate):
    for event in stream:
        if predicate(event):
            return event
    raise AssertionError('the watch ended without the expected event')


def check_watch_with_resume(api):
    core = client.CoreV1Api(api)
    ns = namespace(core, 'py-watch')
    rv = core.list_namespaced_config_map(ns).metadata.resource_version
    core.create_namespaced_config_map(ns, configmap('watched', {'n': '1'}))
    w = watch.Watch()
    added = first_event(w.stream(core.list_namespaced_config_map, ns, resource_version=rv, timeout_seconds=10), lambda e: e['object'].metadata.name == 'watched')
    w.stop()
    assert added['type'] == 'ADDED', added['type']
    assert isinstance(added['object'], client.V1ConfigMap)
    resume_at = added['object'].metadata.resource_version
    core.patch_namespaced_config_map('watched', ns, {'data': {'n': '2'}})
    w = watch.Watch()
    modified = first_event(w.stream(core.list_namespaced_config_map, ns, resource_version=resume_at, timeout_seconds=10), lambda e: True)
    w.stop()
    assert modified['type'] == 'MODIFIED' and modified['object'].data == {'n': '2'}, (modified['type'], modified['object'].data)
    # allow_watch_bookmarks=True (sent as `True`) brings a BOOKMARK when the stream times out.
    w = watch.Watch()
    types = [e['type'] for e in w.stream(core.list_namespaced_config_map, ns, allow_watch_bookmarks=True, resource_version=modified['object'].metadata.resource_version, timeout_seconds=1)]
    assert types == ['BOOKMARK'], types


def raw_watch_first_line(api, path):
    resp = api.call_api(path, 'GET', query_params=[('timeoutSeconds', '5')], auth_settings=['BearerToken'], _preload_content=False)[0]
    try:
        return json.loads(resp.readline())
    finally:
        # Closed, not returned to the pool: the stream is still open on the server.
        resp.close()


def check_legacy_watch_paths(api):
    core = client.CoreV1Api(api)
    apps = client.AppsV1Api(api)
    ns = namespace(core, 'py-legacy')
    core.create_namespaced_config_map(ns, configmap('one', {'a': '1'}))
    core.create_namespaced_config_map(ns, configmap('two', {'a': '2'}))
    apps.create_namespaced_deployment(ns, deployment('legacy', replicas=1))
    event = raw_watch_first_line(api, '/api/v1/watch/namespaces/%s/configmaps' % ns)
    assert event['type'] == 'ADDED' and event['object']['kind'] == 'ConfigMap', event
    event = raw_watch_first_line(api, '/api/v1/watch/namespaces/%s/configmaps/two' % ns)
    assert event['type'] == 'ADDED' and event['object']['metadata']['name'] == 'two', event
    event = raw_watch_first_line(api, '/apis/apps/v1/watch/deployments')
    assert event['type'] == 'ADDED' and event['object']['kind'] == 'Deployment', event
    event = raw_watch_first_line(api, '/api/v1/watch/nodes')
    assert event['type'] == 'ADDED' and event['object']['kind'] == 'Node', event


def check_errors(api):
    core = client.CoreV1Api(api)
    ns = namespace(core, 'py-errors')
    e = expect_status(404, lambda: core.read_namespaced_config_map('missing', ns))
    assert json.loads(e.body)['reason'] == 'NotFound'
    core.create_namespaced_config_map(ns, configmap('dup', {'a': '1'}))
    e = expect_status(409, lambda: core.create_namespaced_config_map(ns, configmap('dup', {'a': '1'})))
    assert json.loads(e.body)['reason'] == 'AlreadyExists'
    stale = core.read_namespaced_config_map('dup', ns)
    core.patch_namespaced_config_map('dup', ns, {'data': {'a': '2'}})
    stale.data = {'a': '3'}
    e = expect_status(409, lambda: core.replace_namespaced_config_map('dup', ns, stale))
    assert json.loads(e.body)['reason'] == 'Conflict'
    e = expect_status(422, lambda: core.create_namespaced_config_map(ns, configmap('Not_Valid', {'a': '1'})))
    assert json.loads(e.body)['reason'] == 'Invalid'
    bad = client.V1Secret(metadata=client.V1ObjectMeta(name='bad'), data={'password': 'not base64!'})
    e = expect_status(400, lambda: core.create_namespaced_secret(ns, bad), 'illegal base64 data at input byte 3')
    # An unmodelled subresource reads as a missing resource, not a missing pod.
    e = expect_status(404, lambda: core.read_namespaced_pod_log('any', ns), 'the server could not find the requested resource')


KUBECONFIG = ['', '']
CHECKS = {name[len('check_'):]: fn for name, fn in sorted(globals().items()) if name.startswith('check_')}


def main(argv):
    if len(argv) < 3:
        sys.stderr.write(__doc__)
        return 2
    KUBECONFIG[:] = argv[1:3]
    api = config.new_client_from_config(config_file=argv[1], context=argv[2])
    wanted = argv[3:] or list(CHECKS)
    unknown = [w for w in wanted if w not in CHECKS]
    if unknown:
        sys.stderr.write('unknown checks: %s; known: %s\n' % (', '.join(unknown), ', '.join(CHECKS)))
        return 2
    results = {}
    for name in wanted:
        try:
            CHECKS[name](api)
            results[name] = {'ok': True, 'error': ''}
        except Exception as e:  # every failure is reported, the run goes on
            detail = traceback.format_exc(limit=4)
            results[name] = {'ok': False, 'error': '%s: %s\n%s' % (type(e).__name__, e, detail)}
    sys.stdout.write(json.dumps(results) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
