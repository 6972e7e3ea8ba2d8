import { dropTestDatabases } from '../helpers/testDatabases';

/** Mocha root hooks: after the whole run, the PostgreSQL databases the tests made are dropped. */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await dropTestDatabases();
  },
};
