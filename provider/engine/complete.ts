type OptionalKey<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? K : never }[keyof T];

/**
 * Every key of `T` written out, optional ones too (as `undefined` where absent): a checked-inputs
 * builder typed with it fails to compile when a field added to `Checked` is not handed on.
 */
// Mapped over Required<T>'s keys: a `-?` on T itself would strip the `undefined` allowed here.
export type Complete<T> = { [K in keyof Required<T>]: K extends OptionalKey<T> ? T[K] | undefined : T[K] };

/** `T` from its complete form: an optional key whose value is `undefined` is left out, as it was absent. */
export function complete<T extends object>(values: Complete<T>): T {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as T;
}
