/**
 * The worked example of docs/examples/commission (the plan docs/commission-plans.md walks through, its payments and
 * people), read from the docs themselves so the page and the guide never drift apart. A chunk of its own, fetched
 * only when someone asks for the example.
 */
export interface CommissionExample {
  plan: string;
  transactions: string;
  people: string;
}

export async function loadExample(): Promise<CommissionExample> {
  const [plan, transactions, people] = await Promise.all([
    import('../../../../../../docs/examples/commission/plan.yaml?raw'),
    import('../../../../../../docs/examples/commission/transactions.csv?raw'),
    import('../../../../../../docs/examples/commission/people.csv?raw'),
  ]);
  return { plan: plan.default, transactions: transactions.default, people: people.default };
}
