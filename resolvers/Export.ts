/** Query.export: argument mapping into the write path's engine (FleetOps.export). */
import type { QueryResolvers } from '../src/generated/graphql.ts';

export const ExportQuery: Pick<QueryResolvers, 'export'> = {
  export: (_, args, { ops }) => ops.export(args.cluster, args),
};
