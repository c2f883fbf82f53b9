/** A problem with a field, found by a check that needs more than its value: the field's path, its value, why. */
export interface FieldProblem {
  readonly path: (string | number)[];
  readonly input: unknown;
  readonly message: string;
}
