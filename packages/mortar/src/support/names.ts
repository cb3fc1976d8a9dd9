/**
 * `PostController` → `post_controller`, `HTMLPage` → `html_page`, `create posts-table` →
 * `create_posts_table`. `make:controller` names files with it and the `'Name@method'` lookup
 * finds them with it, so the two must agree.
 */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[-\s]+/g, '_')
    .toLowerCase()
}
