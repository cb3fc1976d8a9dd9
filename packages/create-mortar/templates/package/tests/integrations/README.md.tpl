# The test application of __npmName__

A complete Mortar application with the package installed, linked through `"file:../.."` in its
package.json: it runs the package's TypeScript source (`src/provider.ts`), so an edit to the package
shows on the next refresh, with no build step.

```sh
npx craft serve      # http://127.0.0.1:8000: the welcome page, and the package's routes
npx craft migrate    # run the migrations of the app and of the package
npx craft list       # every command, the package's included
```

The tests in `../feature` boot this application with `createTestApp()` from `mortar/testing`, each
run with a fresh database. `make init` in the package folder installs it and copies `.env`.
