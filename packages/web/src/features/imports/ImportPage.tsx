// Placeholder until this page is built in this session.
export default function ImportPage() {
  return null;
}
