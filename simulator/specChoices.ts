/** One choice: what the simulator does, where that was seen or read, and the schema fix it implies. */
interface SpecChoice {
  route?: string;
  choice: string;
  /** How the contract tests correct the spec subset's schemas for this choice, if they must. */
  correction?: string;
  /** Where the behaviour was observed or read: a spec, a public client, a help page, or our own reading. */
  source: string;
}

const SUBSET = "our reading of the spec subset (simulator/spec/infomaniak-openapi-subset.json)";
const NOTES = "the project's API notes (shared/reference/infomaniak-api-notes.md)";
const FULL_MAIL_SPEC =
  "the full mail spec, as mirrored in sitrifix/n8n-nodes-infomaniak-api `api/infomaniak_api_mail.json`";

/**
 * Where the OpenAPI subset is ambiguous, contradicts itself or is silent, or where the live API was
 * seen to differ from it, this is what the simulator does and the client expects: the one place these
 * choices are written. The contract tests apply the schema corrections named here and check that the
 * simulator answers as listed. `apiBehaviour` in the seed turns some of them (simulator/model.ts).
 */
export const SPEC_CHOICES = {
  nullable: {
    choice: "`nullable: true` (an OpenAPI 3.0 keyword left in the 3.1 document) means the value may be null.",
    correction: "every `nullable: true` schema also accepts null",
    source: SUBSET,
  },
  malformedSchemas: {
    choice:
      "`Mailbox.private` declares `properties: []`, which is no schema: read as an object of any shape. `UserAccess.permissions.items`, `.mailbox.items` and `.ksuite.items` list property names where a schema belongs: read as any item.",
    correction: "`Mailbox.private.properties` and those three `items` are dropped",
    source: SUBSET,
  },
  validationFailed: {
    choice:
      "an invalid body gets 422 `validation_failed` with one entry per field (`errors[].context.attribute`) on every route, also where the spec enumerates other 422 codes for the route's business rules.",
    source: `${NOTES}, "Status codes declared"`,
  },
  accountUsersIsList: {
    route: "GET /2/accounts/{account}/users",
    choice: "`data` is a list of users and pending users; the spec declares a single object.",
    correction: "`data` is an array of `Userorpendinguser`",
    source: `${SUBSET}; ${NOTES}, last section (\`data\` is the whole array)`,
  },
  accountUsersUnpaginated: {
    route: "GET /2/accounts/{account}/users",
    choice:
      "the whole list in `data`, with no `total`, `page`, `pages` or `items_per_page`, whatever `page` and `per_page` say (the subset declares the Pagination fields). The seed's `apiBehaviour.usersPaginated: true` pages it like the other lists.",
    source:
      'VidGuiCode/infomaniak-cli `src/infomaniak_cli/services/admin.py` ("This endpoint does not paginate today"); its test fixture has no page fields',
  },
  mailboxUserId: {
    route: "GET /1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}/users",
    choice:
      "a mailbox user's `id` is an integer; the spec says `type: object` and `oneOf` integer or string, which no value can satisfy.",
    correction: "`MailboxUser.id` is an integer or a string (the `type: object` is dropped)",
    source: SUBSET,
  },
  legacyListingOptionalFields: {
    route: "GET /1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}/users",
    choice:
      "each user's `permissions` and the `invitations` list are both given by default; the seed's `apiBehaviour.legacyListingOmits` (`permissions`, `invitations`) leaves either out. Both are optional in the full spec, and a `with` parameter whose values are not public may be what brings them.",
    source: `${FULL_MAIL_SPEC}: \`MailboxUser.permissions\` and \`invitations\` are not required`,
  },
  userAccessPermissions: {
    route: "GET /1/mail_hostings/{service_mail}/mailboxes/{mailbox_name}/accesses/webmail",
    choice:
      "each permission is a top-level boolean of the user access (the spec requires them there); `permissions` is the list of granted names. The client reads only the booleans.",
    source: SUBSET,
  },
  teamAccessItem: {
    route: "GET /1/mail_hostings/{service_mail}/mailboxes/{mailbox_name}/accesses/webmail",
    choice:
      "the listing holds user accesses, then team accesses, then invitations. A team access is `{ team_access: { id, team: { id, name, color_id, user_count }, permissions: [granted names], ...the 11 booleans, created_at } }`: the key name `team_access` is assumed (not public), so the client keeps any item kind it does not know. The legacy family lists no teams.",
    correction:
      "the listing item also admits `team_access`, checked against the simulator's own `TeamAccessItem` schema",
    source:
      'XLongLink/infomaniak `webmail/user.py` (the listing holds "user accesses, team accesses, and invitations"); the team routes used by henrikogaard/infomaniak-admin-mcp `src/tools/mail-access.ts`',
  },
  legacyPermissions: {
    route: "GET /1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}/users",
    choice:
      "legacy `permissions` objects carry the 11 names the schema requires (false where the legacy family has no such right) plus `can_manage_chat`; the client reads the 9 legacy names.",
    source: SUBSET,
  },
  patchPermissions: {
    route: "PATCH .../accesses/webmail/users/{user_id}",
    choice:
      "`permissions` is an object of booleans (the spec shows both that and a list of names); the client always sends all 11.",
    source: `${SUBSET}; ${NOTES}`,
  },
  pendingLinkRoutes: {
    route: "PATCH and DELETE /1/mail_hostings/{mail_hosting_id}/mailboxes/{mailbox_name}/invitations/{key}",
    choice:
      "both routes serve both families (no webmail route changes or revokes a pending link). PATCH takes `{ permissions?: the 9 legacy booleans, force_email?: boolean }` and answers `data: true`; rights left out of the body keep their value (a webmail link's webmail-only rights too), and `can_manage_chat` does not apply to a webmail link. A link no longer pending, or expired, gets 400 `cannot_update_invitation`. `force_email: true` on a link already sent sends it again, within the send interval: a second e-mail too soon gets the family's own answer (429 `invitation_sending_rate_limit_reached` for a webmail link, 400 `too_many_attempts_try_again_in_1_minute` for a legacy one).",
    correction:
      "the PATCH's declared 400 also admits `too_many_attempts_try_again_in_1_minute`, with its own description",
    source: `${FULL_MAIL_SPEC}: neither route is marked deprecated nor 501`,
  },
  mailHostingProducts: {
    route: "GET /1/products",
    choice:
      'the products of every account the token sees, or of `account_id`; `service_name` filters. A mail hosting is a product with `service_name: email_hosting` whose `id` is the mail hosting id; each mail hosting\'s domain is there too (`service_name: domain`, an id of no mail hosting). Paged only when `page` is given (the page fields are "Added when using query parameter `page`"). `GET /1/mail_hostings?account_id=` is in no public spec and is not served.',
    correction:
      "not in the subset: the generic envelope, items checked against the simulator's own `Product` schema",
    source:
      "Infomaniak's core spec (`GET /1/products`, mirrored in sitrifix/n8n-nodes-infomaniak-api `api/infomaniak_api_core ressource.json`); henrikogaard/infomaniak-admin-mcp `src/tools/mail.ts` takes `id` of the `email_hosting` products as the mail hosting id",
  },
  notImplemented: {
    choice:
      'the family an account is not on answers 501 with code `not_implemented` and "Method not yet implemented".',
    source: `${NOTES}, "Two families of access endpoints"`,
  },
  linkLifetime: {
    choice:
      "a mailbox invitation link (either family) expires 7 days after it is created; the listing gives its `expired_at` but no creation time, so the client takes the expiry less 7 days as the link's creation (only to recognise, after `recover`, the one link an interrupted run created but never e-mailed: no recipient, the declared rights, the only such link; a wrong guess can only hand the guest a link with exactly the declared rights).",
    source:
      "our own reading: the spec subset's `Invitationtoaccessamailbox` has `expired_at` and no `created_at`; the 7 days are those of an organisation invitation (`AccountInvitation.expired_at`), assumed for links",
  },
  familyPerHosting: {
    choice:
      "an account's mail hostings answer on the account's family unless the seed gives one of them its own (`mailHostings[].accessFamily`): the client detects the family per mail hosting, so one organisation may hold a migrated and a not-yet-migrated hosting.",
    source: `our own reading: ${NOTES} says accounts are migrated gradually but not whether a whole account moves at once; detecting per mail hosting is right either way`,
  },
  errorsOutsideTheSpec: {
    choice:
      "statuses the spec does not declare for a route (401/403 on mail routes, 404 for unknown objects, 409 for invitations that are no longer pending, 422 for invalid bodies, 429 for the per-token rate limit, 501) use the generic error envelope with the codes listed in UNDECLARED_ERRORS.",
    source: `${SUBSET} (the statuses each route declares); ${NOTES}, "Envelope"`,
  },
  restrictedLoginIdentifier: {
    choice:
      'an address used as a restricted login identifier shows `is_used_for_account: "login"` (a string, as the subset types it; `""` otherwise) and `can_create_webmail_access: false`, both at the top level (the subset requires it) and in `access_rights` (where the full spec puts it), and refuses invitations with 422 `mailbox_is_restricted_login_identifier`. The error code Infomaniak uses is unknown: ours is assumed.',
    source:
      'Infomaniak FAQ 1478 ("If the email address in question is used as a login identifier for an Infomaniak account, it cannot be shared for security reasons"); the spec (subset and full) for `access_rights`',
  },
  linkForms: {
    choice:
      "a mailbox invitation's `short_url` is `https://welcome.infomaniak.com/iw/<token>`; an organisation invitation's `url_accept` is `https://welcome.infomaniak.com/invitation/account/<long numeric token>?lang=<fr|en|de|it|es>`, the language of the invitation's locale.",
    source:
      "Infomaniak's help pages (the link a guest receives); the spec's own `url_accept` example (`https://welcome.infomaniak.com/invitation/account/1234567890987654321?lang=fr`)",
  },
  missingScope: {
    choice:
      'a token without the route\'s scope (`mail` or `accounts`) gets 403 `all_scopes`, description `This method require this specific scope:"<scope>"`, and `context: { scopes: [<scope>] }`; a missing or unknown token gets 401 `not_authorized`.',
    correction: "every declared 403 also admits `all_scopes`",
    source:
      "axpdev-lab/aeroftp issue #650 (a live answer); Infomaniak/cert-manager-webhook-infomaniak PR #32 mentions the `all_scopes` error",
  },
  rateLimit: {
    choice:
      "60 requests a minute per token, answered with 429 `too_many_requests` and a Retry-After header in seconds (the header and the code are assumed).",
    source: "Infomaniak's getting-started page (60 requests per minute)",
  },
  routeRateLimit: {
    route:
      "POST /1/mail_hostings/{service_mail}/mailboxes/{mailbox_name}/accesses/webmail/invitations/{invitation_webmail}/send",
    choice:
      "a route can have a limit of its own besides the per-token one: the send route answers its own 429 `invitation_sending_rate_limit_reached` to a second e-mail of one link within `apiBehaviour.sendIntervalSeconds` (60 by default), without Retry-After (whether Infomaniak sends one is unknown).",
    source:
      'Infomaniak\'s getting-started page ("Some URI can have an additional custom limit"); the spec subset declares this 429 for the send route',
  },
  pathSegments: {
    choice:
      "a path value is one segment, percent-decoded: a dot may come as it is (`first.last`, as other clients send it with `encodeURIComponent`) or encoded; both name the same mailbox.",
    source: `${NOTES}, "Paths"`,
  },
} as const satisfies Record<string, SpecChoice>;

/** Error codes the simulator answers with where the spec declares no response for that status. */
export const UNDECLARED_ERRORS: Record<number, readonly string[]> = {
  400: ["invalid_json", "cannot_send_invitation_email"],
  401: ["not_authorized"],
  403: ["all_scopes"],
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
