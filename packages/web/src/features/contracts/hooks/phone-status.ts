/** antd-mobile tag colours by document status (the desk's are in lib/documents.ts, in antd's palette). */
const colours: Record<string, 'default' | 'primary' | 'success' | 'warning' | 'danger'> = {
  in_approval: 'primary', rejected: 'danger', signed: 'primary', partially_paid: 'warning', paid: 'success', completed: 'success',
  confirmed: 'success', fulfilled: 'success', registered: 'primary', refunded: 'warning', shipped: 'primary', delivered: 'success',
};

export function phoneTagColour(status: string): 'default' | 'primary' | 'success' | 'warning' | 'danger' {
  return colours[status] ?? 'default';
}
