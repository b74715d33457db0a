// Typed handles on mocha's globals (the runner defines them; the project has no @types/mocha).
type Body = (this: { timeout(ms: number): void }) => unknown;
interface Bdd {
  describe(name: string, body: () => void): void;
  it(name: string, body: Body): void;
  before(body: Body): void;
  after(body: Body): void;
  beforeEach(body: Body): void;
  afterEach(body: Body): void;
}
const g = globalThis as unknown as Bdd;
export const describe = g.describe.bind(g);
export const it = g.it.bind(g);
export const before = g.before.bind(g);
export const after = g.after.bind(g);
export const beforeEach = g.beforeEach.bind(g);
export const afterEach = g.afterEach.bind(g);
