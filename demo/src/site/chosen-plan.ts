/** The plan the visitor upgraded to, kept in localStorage so it survives a reload. */
const storageKey = 'lumen-demo-plan'

/** The plans of the pricing section, by id. */
export const plans: Record<string, { name: string; price: number }> = {
  free: { name: 'Free', price: 0 },
  pro: { name: 'Pro', price: 12 },
  business: { name: 'Business', price: 29 },
}

export function chosenPlan(): string {
  try {
    const stored = localStorage.getItem(storageKey)
    return stored && stored in plans ? stored : 'free'
  } catch {
    return 'free'
  }
}

export function saveChosenPlan(plan: string): void {
  localStorage.setItem(storageKey, plan)
}
