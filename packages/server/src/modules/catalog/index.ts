export { ProductService } from './products.js';
export { PricePolicyService } from './price-policies.js';
export { catalogRoutes } from './routes.js';
export { CatalogStore, productSort, toProduct, toPricePolicy } from './store.js';
