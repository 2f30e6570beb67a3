import { z } from "zod";
import type { MailHosting } from "./model";
import { DOMAIN_PRODUCT_ID_BASE } from "./model";

/**
 * `GET /1/products`: the products of an account, a mail hosting among them (SPEC_CHOICES.mailHostingProducts).
 * The route is not in the spec subset, so the item's shape is written here; the contract test checks
 * answers against it.
 */
export const Product = z.strictObject({
  id: z.number().int(),
  account_id: z.number().int(),
  service_id: z.number().int(),
  service_name: z.enum(["email_hosting", "domain"]),
  customer_name: z.string(),
  internal_name: z.string(),
  fqdn: z.string(),
  created_at: z.number().int(),
  expired_at: z.null(),
  version: z.number().int(),
  has_maintenance: z.boolean(),
  is_locked: z.boolean(),
  has_operation_in_progress: z.boolean(),
  tags: z.array(z.unknown()),
  unique_id: z.number().int(),
  is_free: z.boolean(),
  is_zero_price: z.boolean(),
  is_trial: z.boolean(),
  rights: z.strictObject({
    technical: z.boolean(),
    statistic: z.boolean(),
    check: z.boolean(),
    sale: z.boolean(),
  }),
});
export type Product = z.infer<typeof Product>;

/**
 * Infomaniak's service ids: 29 for a mail hosting; 14 for a domain, as in the test fixtures of
 * Infomaniak/certbot-dns-infomaniak.
 */
const SERVICE_IDS = { email_hosting: 29, domain: 14 } as const;

/** `unique_id` is a product's id in Infomaniak's other numbering; any distinct number does. */
const UNIQUE_ID_BASE = 5_000_000;

function product(
  h: MailHosting,
  id: number,
  service: Product["service_name"],
  customerName: string,
): Product {
  return {
    id,
    account_id: h.accountId,
    service_id: SERVICE_IDS[service],
    service_name: service,
    customer_name: customerName,
    internal_name: h.domain,
    fqdn: h.domain,
    created_at: 1_600_000_000,
    expired_at: null,
    version: 1,
    has_maintenance: false,
    is_locked: false,
    has_operation_in_progress: false,
    tags: [],
    unique_id: UNIQUE_ID_BASE + id,
    is_free: false,
    is_zero_price: false,
    is_trial: false,
    rights: { technical: true, statistic: true, check: true, sale: true },
  };
}

/**
 * Each mail hosting as a product (its product id is the mail hosting id), followed by its domain, a
 * product of another kind whose id is no mail hosting's: a client that forgets the `service_name`
 * filter would take the domain for a mail hosting.
 */
export function productsOf(hostings: readonly MailHosting[]): Product[] {
  return hostings.flatMap((h) => [
    product(h, h.id, "email_hosting", h.customerName),
    product(h, DOMAIN_PRODUCT_ID_BASE + h.id, "domain", h.domain),
  ]);
}
