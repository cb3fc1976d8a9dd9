export default {
  /** The blog's title, shown in its pages. */
  title: 'The Blog',
  /** Posts per page on /blog. */
  per_page: 10,
  /** Tags offered when writing a post. Publishing this file and setting a list replaces this one. */
  tags: ['news', 'release'],
  /** The Atom feed. */
  feed: {
    enabled: true,
    title: 'Latest posts',
  },
}
