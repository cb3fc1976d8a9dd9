import { env } from 'mortar'

/**
 * The __name__ package's settings, read with `config('__name__.<key>')`. An app changes them by
 * publishing this file (`npx craft package:publish __name__ --resources config`) and editing its
 * copy in config/__name__.ts: the app's values are merged over these defaults.
 */
export default {
  /** The greeting of the /__name__ page and of the __name__:hello command. */
  greeting: env('__SNAKE___GREETING', 'Hello from __title__'),
}
