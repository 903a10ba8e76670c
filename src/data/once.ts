/** `load` run on the first call only; later calls share its promise (a lazy import, a fetch done at most once). */
export const once = <T>(load: () => Promise<T>) => {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
};
