export { SalesFiguresService } from './service.js';
export { registerSalesFigures, salesFigureEvents, salesFiguresReaction, figureDeltas, applyFigureDeltas, type FigureDelta } from './reaction.js';
export { salesFiguresRoutes } from './routes.js';
