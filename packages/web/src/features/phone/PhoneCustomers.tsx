// Placeholder until this page is built in this session.
export default function PhoneCustomers() {
  return null;
}
