import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.use([])

router.use([() => import('@adonisjs/core/bodyparser_middleware')])

// Sessions and Shield only where the pages need them, as Mortar's `web` group has them and its
// `api` group does not.
export const middleware = router.named({
  session: () => import('@adonisjs/session/session_middleware'),
  shield: () => import('@adonisjs/shield/shield_middleware'),
})
