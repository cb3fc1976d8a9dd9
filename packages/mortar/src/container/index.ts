export { type BindingKey, Container, type Token, token } from './container.js'
