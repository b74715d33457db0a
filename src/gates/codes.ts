// Every issue code a gate can report, with the gate that owns it and what it means.
// Codes are stable strings: sites, tests and repair prompts rely on them.

export const GATES = ['parse', 'envelope', 'catalog', 'graph', 'bindings', 'policy', 'domain'] as const;
export type GateName = (typeof GATES)[number];

/** Every code of the seven gates, under the gate that owns it, with what it means. */
const CODES_BY_GATE = {
  parse: {
    // Patches are read and applied before the patched document goes through the gates.
    bad_patch:
      'A patch is not a list of RFC 6902 operations, or an operation is malformed (unknown op, missing or extra keys, a path that is not a JSON Pointer).',
    patch_failed:
      'A patch operation could not apply to the layout on screen (nothing at its path, an index past the end); the whole patch is refused.',
    patch_test_failed: 'A patch\'s "test" operation found another value than it expected; the whole patch is refused.',
    too_many_ops: 'A patch holds more operations than the limit.',
    bad_patch_line:
      'A line of a patch stream is not JSON, or not an operation or an array of them; the line is refused and counted.',
    empty_input: 'The input is empty.',
    unreadable_file: 'The file could not be read (jig check).',
    no_json_object: 'No JSON object was found in the input.',
    invalid_json: 'The text is not valid JSON.',
    duplicate_key: 'An object has the same key twice.',
    too_deep: 'Values are nested deeper than the limit.',
    not_json: 'The value holds something JSON cannot (a function, a cycle, a class instance).',
    array_document: 'The text holds a JSON array (`[{…}]`); a layout is one object, not a list of them.',
  },
  envelope: {
    too_large: 'The document is larger than the size limit.',
    not_an_object: 'The document must be a JSON object.',
    missing_key: 'A required key is missing.',
    unknown_key: 'A key the layout format does not define.',
    wrong_type: 'A value has the wrong JSON type.',
    bad_version: 'Only layout format version 1 is understood.',
    empty_nodes: 'A layout needs at least one node.',
    too_many_nodes: 'More nodes than the node limit.',
    bad_id: 'Node ids match ^[A-Za-z][A-Za-z0-9_-]{0,63}$.',
    issues_truncated: 'More issues than one verdict lists; the first ones are shown, with the count of the rest.',
    bad_repeat: '"repeat" is not a pointer string, or sits on the root node.',
    bad_condition:
      'A "visible" condition is not one the format defines (a $data test with one comparison, and, or, not).',
    mixed_forms: 'A layout has both "tree" (the nested form) and "root"/"nodes" (the flat form).',
  },
  catalog: {
    unknown_type: 'The component type is not in the catalog.',
    missing_prop: 'A required prop is missing.',
    invalid_prop: "A prop's value does not fit the component's schema.",
    unknown_prop: 'The component has no such prop.',
    children_not_allowed: 'This component takes no children.',
    child_type_not_allowed: 'This component does not take children of that type.',
    too_many_children: 'More children than the component allows.',
    parent_not_allowed: 'This component must sit inside a particular parent.',
    bad_range: 'A lower bound (min) is above the upper bound (max).',
    impossible_date: 'A YYYY-MM-DD date that is not on the calendar (month 13, February 30).',
    duplicate_option: 'Two options of one choice have the same value.',
  },
  graph: {
    duplicate_id: 'Two nodes share an id.',
    missing_root: 'The root id names no node.',
    missing_child: 'A child id names no node.',
    multiple_parents: 'A node is listed as a child more than once.',
    root_is_child: 'The root node is listed as a child.',
    cycle: 'Children lead back to an ancestor.',
    unreachable: 'The node cannot be reached from the root.',
    tree_too_deep: 'The node tree is deeper than the depth limit.',
    nested_form: 'A form sits inside another form.',
  },
  bindings: {
    bad_pointer:
      'A binding is not a valid JSON Pointer (RFC 6901), or is relative (no leading "/") outside any node with "repeat".',
    forbidden_segment: 'A pointer passes through __proto__, constructor or prototype.',
    unresolved_pointer: 'A pointer does not resolve in data.',
    type_mismatch: 'The bound value has the wrong type for the component.',
    bad_array_index:
      'An input binds to an array position that is not an existing index ("-", "length" or past the end).',
    bind_conflict:
      'Nodes sharing data disagree on its type: two inputs of different kinds on one pointer, or an input writing what a display reading it cannot show.',
    data_limit:
      'A value read through {"$data": …} breaks a limit the literal prop has (length, count or type of items).',
    repeat_not_list: 'A "repeat" pointer does not hold an array in data.',
    repeat_too_large: 'Repeated nodes expand past the node limit (items × nodes in the repeated subtree).',
  },
  policy: {
    unsafe_url: 'A URL uses a scheme the policy does not allow.',
    forbidden_key: 'A key named __proto__, constructor or prototype.',
    string_too_long: 'A string is longer than the limit.',
    key_too_long: 'An object key is longer than the key-length limit.',
    bad_action: 'An action name is not well formed.',
    unknown_action: 'The host page does not accept this action.',
  },
  domain: {
    domain_rule: "A rule of the site's own was broken.",
    rule_crashed: 'A site rule threw instead of returning issues.',
    missing_requirement:
      "A layout from the cache or the browser lacks what its intent class requires (the line config's routing `require`).",
  },
} as const satisfies Record<GateName, Record<string, string>>;

type ByGate = typeof CODES_BY_GATE;
export type IssueCode = { [G in GateName]: keyof ByGate[G] }[GateName];
/** The gate that owns a code. */
type GateOf<C extends IssueCode> = { [G in GateName]: C extends keyof ByGate[G] ? G : never }[GateName];

/** Every issue code a gate can report: `{gate, summary}` by code. */
export const ISSUE_CODES = byCode(CODES_BY_GATE) as { readonly [C in IssueCode]: { gate: GateOf<C>; summary: string } };

/** Turns `{gate: {code: summary}}` into `{code: {gate, summary}}`. */
function byCode<G extends string>(
  groups: Record<G, Record<string, string>>,
): Record<string, { gate: G; summary: string }> {
  const out: Record<string, { gate: G; summary: string }> = {};
  for (const gate of Object.keys(groups) as G[])
    for (const [code, summary] of Object.entries(groups[gate])) out[code] = { gate, summary };
  return out;
}

/** Warnings: the layout renders, but a person would want to know. */
export const WARNING_CODES = {
  heading_skips_level: {
    gate: 'catalog',
    summary: 'A heading skips a level (e.g. 1 then 3), which confuses screen-reader navigation.',
  },
} as const satisfies Record<string, { gate: GateName; summary: string }>;

export type WarningCode = keyof typeof WARNING_CODES;

/**
 * Codes of the interop step (`jig/interop`): what stops an A2UI or json-render document before
 * Jig's gates, or what Jig cannot express. Their gate is `interop`, not one of the seven.
 */
export const INTEROP_CODES = {
  unsupported_feature: {
    gate: 'interop',
    summary:
      'The peer document uses something Jig cannot express (named at its path); it is refused rather than shown without it.',
  },
  unsupported_version: {
    gate: 'interop',
    summary: 'A message of a protocol version Jig does not read (A2UI v0.8 and v0.9 only).',
  },
  unknown_catalog: { gate: 'interop', summary: 'A surface names a component catalog Jig does not know.' },
  malformed_line: {
    gate: 'interop',
    summary: 'A stream line that is not one JSON value; it is counted and reported, never skipped quietly.',
  },
  bad_message: {
    gate: 'interop',
    summary: 'A JSON message that is not a message of the format (no action, two actions, a missing or wrong field).',
  },
  unsafe_pattern: {
    gate: 'interop',
    summary:
      'A validation pattern that could backtrack catastrophically (nested or adjacent repetition, backreferences, lookaround) or is too long.',
  },
  no_root: { gate: 'interop', summary: 'A surface never received its root component, so nothing of it can show.' },
  too_many_messages: { gate: 'interop', summary: 'The stream holds more messages or lines than the limit.' },
} as const satisfies Record<string, { gate: 'interop'; summary: string }>;

export type InteropCode = keyof typeof INTEROP_CODES;

/** Warnings of the interop step: the document renders, and this is what was cleaned up or set aside. */
export const INTEROP_WARNING_CODES = {
  cleaned_up: {
    gate: 'interop',
    summary: 'A lossless clean-up of common drift was applied (the table in docs/interop.md).',
  },
  ignored_hint: {
    gate: 'interop',
    summary: 'A presentation hint Jig does not take (weight, justify, fit, className, …) was set aside.',
  },
  dropped_check: {
    gate: 'interop',
    summary: 'A validation check Jig has no prop for was set aside (never evaluated as code).',
  },
  seeded_data: {
    gate: 'interop',
    summary:
      'Data was created so a binding resolves: a missing parent object, or local state for an input without a path.',
  },
  renamed_id: {
    gate: 'interop',
    summary: "A peer id that is not a Jig node id was renamed; the mapping is in the result's ids.",
  },
} as const satisfies Record<string, { gate: 'interop'; summary: string }>;

export type InteropWarningCode = keyof typeof INTEROP_WARNING_CODES;
