# __npmName__

__description__

{{#if config|views|migrations|routes|assets|commands}}
A Mortar package. Installed in a Mortar application, it adds:

{{#if config}}
- **config**: `config('__name__.greeting')`, read from the `__SNAKE___GREETING` environment variable or the default.
{{/if}}
{{#if views}}
- **views**: `view('__name__:index')`.
{{/if}}
{{#if migrations}}
- **migrations**: the `__snake___items` table, created by `npx craft migrate`.
{{/if}}
{{#if routes}}
- **routes**: the page `GET /__name__`, and the JSON API `POST /api/__name__/items`{{#if migrations}} and `GET /api/__name__/items`{{/if}}.
{{/if}}
{{#if assets}}
- **assets**: `/vendor/__name__/__name__.css`.
{{/if}}
{{#if commands}}
- **commands**: `npx craft __name__:hello [name] [--shout]`.
{{/if}}
{{else}}
A Mortar package. It adds nothing to an application yet: declare its resources in `src/provider.ts`.
{{/if}}

## Install

```sh
npx craft package:install __npmName__   # installs and registers it{{#if config}}, publishes its config{{/if}}{{#if migrations}}, offers its migrations{{/if}}
```

{{#if config|views|migrations|assets}}
It is also discovered when added with `npm install __npmName__`. To change what it ships, publish it
into the app and edit the copies; your edits survive upgrades (`npx craft package:update __name__`):

```sh
npx craft package:publish __name__ --resources __publishable__
```
{{else}}
It is also discovered when added with `npm install __npmName__`.
{{/if}}

## Develop

```sh
make init       # install, link the package into the test app in tests/integrations, copy its .env
make test       # unit tests (tests/unit) and integration tests (tests/feature)
make serve      # the test app at http://127.0.0.1:8000; edits to the package show on the next refresh
make ci         # lint, typecheck and test, as CI does
make help       # every target; each is also an npm script (npm run <target>)
```

The test application in `tests/integrations` is an ordinary Mortar app that depends on this package
through `"file:../.."`, so it runs the package's TypeScript source: no build step while developing.
Migrate it with `cd tests/integrations && npx craft migrate`.

## Release

```sh
make npmrc      # once: store your npm token (NPM_TOKEN, or asked without echo) in ~/.npmrc
make publish    # build, npx craft package:check, npm publish
```

Raise `version` in package.json and add a line to CHANGELOG.md first. Publishing a GitHub release
runs `.github/workflows/publish.yml`, which publishes with provenance; it needs an `NPM_TOKEN`
secret and a `repository` field in package.json.

## License

__license__
