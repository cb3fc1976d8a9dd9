// Removes the calling workspace's dist/ so a build never ships files whose source was deleted.
import { rmSync } from 'node:fs'
rmSync('dist', { recursive: true, force: true })
