/**
 * `mortar/testing`: helpers for testing Mortar applications and packages.
 *
 * @module
 */
export { CraftResult } from './craft_result.js'
export { createTestApp, type RequestOptions, TestApp, type TestAppOptions } from './test_app.js'
export { TestCookies } from './test_cookies.js'
export { type MailMatch, TestMail } from './test_mail.js'
export { TestResponse } from './test_response.js'
