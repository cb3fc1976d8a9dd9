// Mortar's own rules that a scaffold must follow, read from mortar's source rather than copied.
// create-mortar has no run-time dependency on mortar (`npm create mortar` would install all of
// mortar's): its build bundles these dependency-free modules into dist (scripts/build-bundle.mjs).
// The kinds' table imports app/layout.ts, so the bundle carries Mortar's app layout too.

export { PACKAGE_NAME_PATTERN, RESERVED_NAMES } from '../../mortar/src/packages/reserved_names.js'
export { RESOURCE_KIND_NAMES, RESOURCE_KINDS, type ResourceKindName } from '../../mortar/src/resources/kinds.js'
