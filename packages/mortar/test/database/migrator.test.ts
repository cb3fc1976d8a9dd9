import { migratorSuite } from './migrator_suite.js'

// Both engines, always: PostgreSQL runs on the development machines and in CI.
migratorSuite('sqlite')
migratorSuite('postgres')
