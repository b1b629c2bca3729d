export { CommissionService, reachOf, lineView } from './service.js';
export { registerCommissions, applyPaymentEvent, commissionEvents, commissionsReaction } from './reaction.js';
export { commissionRoutes } from './routes.js';
export { simulate, simulationJson, planFromText, SimulationInputError } from './simulation.js';
