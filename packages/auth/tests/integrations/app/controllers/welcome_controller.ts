import { app, config, type HttpContext, view } from 'mortar'

export class WelcomeController {
  async show(_ctx: HttpContext) {
    const packages = app()
      .packages.all()
      .map((pkg) => ({ name: pkg.name, version: pkg.version, npm: pkg.npm?.npmName ?? pkg.name }))
    return view('welcome', { appName: config('app.name'), packages })
  }
}
