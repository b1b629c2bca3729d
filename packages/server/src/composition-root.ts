/** Wires stores → services with plain constructors. No container, no decorators: read it top to bottom. */
import type { AppDeps } from './app.js';
import { Authenticator } from './platform/auth/authenticator.js';
import { UnitOfWork } from './platform/http/unit-of-work.js';
import { CustomerService } from './modules/customers/index.js';
import { PeopleService } from './modules/people/service.js';

export function composeServices(deps: AppDeps) {
  const { database, clock, config } = deps;
  const db = database.db;
  const authenticator = new Authenticator(db, database.dialect, clock, config);
  return {
    database,
    clock,
    uow: new UnitOfWork(database, clock),
    authenticator,
    people: new PeopleService(database, clock, authenticator),
    customers: new CustomerService(db),
  };
}

export type Services = ReturnType<typeof composeServices>;
