export { ReceiptService, type PaymentPayload, type PaymentAllocation } from './receipts-service.js';
export { receiptRoutes } from './receipt-routes.js';
export { PurchaseOrderService } from './orders-service.js';
export { orderRoutes } from './order-routes.js';
export { ShipmentService } from './shipments-service.js';
export { shipmentRoutes } from './shipment-routes.js';
