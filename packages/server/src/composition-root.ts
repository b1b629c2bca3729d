/** Wires stores → services with plain constructors. No container, no decorators: read it top to bottom. */
import type { AppDeps } from './app.js';
import { Authenticator } from './platform/auth/authenticator.js';
import { UnitOfWork } from './platform/http/unit-of-work.js';
import { CustomerService } from './modules/customers/index.js';
import { LeadService } from './modules/leads/index.js';
import { ContactService } from './modules/contacts/index.js';
import { ActivityService } from './modules/activities/index.js';
import { PeopleService } from './modules/people/service.js';

export function composeServices(deps: AppDeps) {
  const { database, clock, config } = deps;
  const db = database.db;
  const authenticator = new Authenticator(db, database.dialect, clock, config);
  const leads = new LeadService(db);
  return {
    database,
    clock,
    uow: new UnitOfWork(database, clock),
    authenticator,
    people: new PeopleService(database, clock, authenticator),
    customers: new CustomerService(db),
    leads,
    contacts: new ContactService(db),
    activities: new ActivityService(db, leads),
  };
}

export type Services = ReturnType<typeof composeServices>;
