/**
 * Why a string is not a Kubernetes label value, or undefined when it is one (apimachinery's
 * IsValidLabelValue: empty, or at most 63 characters of the label-name alphabet).
 */
import { LABEL_NAME_PATTERN } from './labelKeyProblem.ts';

const VALUE_MAX = 63;

export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > VALUE_MAX) return `it must be at most ${VALUE_MAX} characters`;
  if (!LABEL_NAME_PATTERN.test(value)) {
    return 'it must be empty or consist of alphanumeric characters, "-", "_" or ".", and start and end with an alphanumeric character';
  }
  return undefined;
}
