export { Container, token, type BindingKey, type Token } from './container.js'
