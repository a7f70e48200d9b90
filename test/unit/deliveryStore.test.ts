import { DeliveryStore } from "../../src/dev/cxone-simulator/deliveryStore";

const delivery = (interactionId: string, n: number) => ({ interactionId, n });

describe("the simulator's delivery store", () => {
  it("keeps only the latest N deliveries per interaction", () => {
    const store = new DeliveryStore<{ interactionId: string; n: number }, string>({
      perInteraction: 3,
      interactions: 10,
      idempotencyKeys: 10,
    });
    for (let n = 0; n < 10; n++) store.add(delivery("INT-1", n));
    expect(store.all().map((d) => d.n)).toEqual([7, 8, 9]);
  });

  it("keeps at most M interactions, forgetting the least recently delivered to", () => {
    const store = new DeliveryStore<{ interactionId: string; n: number }, string>({
      perInteraction: 5,
      interactions: 2,
      idempotencyKeys: 10,
    });
    store.add(delivery("A", 1));
    store.add(delivery("B", 2));
    store.add(delivery("A", 3));
    store.add(delivery("C", 4));
    expect(store.all()).toEqual([delivery("A", 1), delivery("A", 3), delivery("C", 4)]);
  });

  it("stays bounded under a long run: 100,000 deliveries to 10,000 interactions", () => {
    const store = new DeliveryStore<{ interactionId: string; n: number }, string>({
      perInteraction: 20,
      interactions: 500,
      idempotencyKeys: 1_000,
    });
    for (let n = 0; n < 100_000; n++) {
      store.add(delivery(`INT-${n % 10_000}`, n));
      store.rememberAnswer(`key-${n}`, "answer");
    }
    expect(store.size).toBeLessThanOrEqual(20 * 500);
    expect(store.answerFor("key-0")).toBeUndefined();
    expect(store.answerFor("key-99999")).toBe("answer");
  });
});
