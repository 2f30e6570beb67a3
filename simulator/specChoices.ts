/**
 * Where the OpenAPI subset is ambiguous, contradicts itself or is silent, this is what the simulator
 * does and the client expects: the one place these choices are written. The contract tests apply the
 * schema corrections named here and check that the simulator answers as listed.
 */
export const SPEC_CHOICES = {
  nullable: {
    choice: "`nullable: true` (an OpenAPI 3.0 keyword left in the 3.1 document) means the value may be null.",
    correction: "every `nullable: true` schema also accepts null",
  },
  malformedSchemas: {
    choice:
      "`Mailbox.private` declares `properties: []`, which is no schema: read as an object of any shape. `UserAccess.permissions.items`, `.mailbox.items` and `.ksuite.items` list property names where a schema belongs: read as any item.",
    correction: "`Mailbox.private.properties` and those three `items` are dropped",
  },
  validationFailed: {
    choice:
      "an invalid body gets 422 `validation_failed` with one entry per field (`errors[].context.attribute`) on every route, also where the spec enumerates other 422 codes for the route's business rules.",
  },
  accountUsersIsList: {
    route: "GET /2/accounts/{account}/users",
    choice: "`data` is a list of users and pending users; the spec declares a single object.",
    correction: "`data` is an array of `Userorpendinguser`",
  },
  mailboxUserId: {
    route: "GET /1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}/users",
    choice:
      "a mailbox user's `id` is an integer; the spec says `type: object` and `oneOf` integer or string, which no value can satisfy.",
    correction: "`MailboxUser.id` is an integer or a string (the `type: object` is dropped)",
  },
  userAccessPermissions: {
    route: "GET /1/mail_hostings/{service_mail}/mailboxes/{mailbox_name}/accesses/webmail",
    choice:
      "each permission is a top-level boolean of the user access (the spec requires them there); `permissions` is the list of granted names. The client reads only the booleans.",
  },
  legacyPermissions: {
    route: "GET /1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}/users",
    choice:
      "legacy `permissions` objects carry the 11 names the schema requires (false where the legacy family has no such right) plus `can_manage_chat`; the client reads the 9 legacy names.",
  },
  patchPermissions: {
    route: "PATCH .../accesses/webmail/users/{user_id}",
    choice:
      "`permissions` is an object of booleans (the spec shows both that and a list of names); the client always sends all 11.",
  },
  revokeWebmailInvitation: {
    route: "DELETE /1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}/invitations/{key}",
    choice:
      "the spec has no route to revoke a pending webmail invitation; the legacy DELETE is the only documented way, so it serves both families. No route changes a webmail link's permissions: a change replaces the link.",
  },
  mailHostingList: {
    route: "GET /1/mail_hostings?account_id={account}",
    choice:
      "not in the spec subset (the API notes name it): a paged list of `{id, account_id, customer_name}`. The client validates it with its own schema; the contract test with the generic envelope.",
  },
  notImplemented: {
    choice:
      'the family an account is not on answers 501 with code `not_implemented` and "Method not yet implemented".',
  },
  errorsOutsideTheSpec: {
    choice:
      "statuses the spec does not declare for a route (401/403 on mail routes, 404 for unknown objects, 409 for invitations that are no longer pending, 422 for invalid bodies, 429 for the per-token rate limit, 501) use the generic error envelope with the codes listed in UNDECLARED_ERRORS.",
  },
  restrictedLoginIdentifier: {
    choice:
      "an address used as a restricted login identifier refuses invitations with 422 `mailbox_is_restricted_login_identifier`; the exact code Infomaniak uses is unknown.",
  },
  scopes: {
    choice:
      "a token without the route's scope (`mail` or `accounts`) gets 403 `access_denied` whose description names the scope; a missing or unknown token gets 401 `not_authorized`.",
  },
  rateLimit: {
    choice:
      "60 requests a minute per token (assumed), answered with 429 `too_many_requests` and a Retry-After header in seconds.",
  },
} as const;

/** Error codes the simulator answers with where the spec declares no response for that status. */
export const UNDECLARED_ERRORS: Record<number, readonly string[]> = {
  400: ["invalid_json", "cannot_send_invitation_email"],
  401: ["not_authorized"],
  403: ["access_denied"],
  404: ["object_not_found", "method_not_found", "user_has_no_access_to_mailbox"],
  409: [
    "invitation_not_pending",
    "invitation_already_exists",
    "user_already_in_account",
    "object_already_exists",
  ],
  410: ["invitation_expired"],
  422: ["validation_failed", "mailbox_is_restricted_login_identifier", "user_not_attached_to_account"],
  429: ["too_many_requests", "invitation_sending_rate_limit_reached"],
  500: ["unexpected_error"],
  501: ["not_implemented"],
  503: ["unexpected_error"],
};
