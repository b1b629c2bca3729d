// Placeholder until this page is built in this session.
export default function PhoneMe() {
  return null;
}
