// What Jig's elements accept from a framework, derived from the global tag and event maps that
// each component's module extends: a component added to Jig is typed here without a change.
import type { LitElement } from 'lit';
import type { LayoutInput } from 'jig';

/** Every `jig-*` tag that `import 'jig'` (or another Jig entry) registers. */
export type JigTag = Extract<keyof HTMLElementTagNameMap, `jig-${string}`>;
/** Every `jig-*` event an element sends, with its typed `CustomEvent`. */
export type JigEventName = Extract<keyof HTMLElementEventMap, `jig-${string}`>;

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type IsReadonly<E, K extends keyof E> =
  Equal<{ [P in K]: E[K] }, { -readonly [P in K]: E[K] }> extends true ? false : true;

/** Setters whose accepted value is wider than what their getter returns. */
interface WiderSetters {
  'jig-surface': { layout: LayoutInput };
}

/**
 * The element's own public properties (beyond HTMLElement and LitElement), without methods and
 * read-only ones: what a framework may set on it, all optional.
 */
export type JigProperties<T extends JigTag> = {
  [K in Exclude<keyof HTMLElementTagNameMap[T], keyof LitElement> as HTMLElementTagNameMap[T][K] extends (
    ...args: never[]
  ) => unknown
    ? never
    : IsReadonly<HTMLElementTagNameMap[T], K> extends true
      ? never
      : K]?: Accepted<T, K, HTMLElementTagNameMap[T][K]>;
};

type Accepted<T extends JigTag, K, Read> = T extends keyof WiderSetters
  ? K extends keyof WiderSetters[T]
    ? WiderSetters[T][K]
    : Read
  : Read;

/** `jig-action` → `JigAction`, as Vue names an event's handler prop (`onJigAction`). */
export type PascalCase<S extends string> = S extends `${infer Head}-${infer Tail}`
  ? `${Capitalize<Head>}${PascalCase<Tail>}`
  : Capitalize<S>;
