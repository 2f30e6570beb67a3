import { z } from "zod";

/**
 * The name of the environment variable that holds an organisation's API token: an input of every
 * resource (and `organisation.tokenEnv` in a spec), so that one pipeline can serve organisations of
 * separate Infomaniak accounts. The name is stored in the state; the token never is.
 */
export const TokenEnv = z
  .string({ error: "tokenEnv is the name of an environment variable, such as ACME_INFOMANIAK_TOKEN" })
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, {
    error:
      "tokenEnv is the name of an environment variable (letters, digits and _), such as ACME_INFOMANIAK_TOKEN: never the token itself",
  });

/** The `tokenEnv` input every kind takes (handled once by defineResource), as its page documents it. */
export const tokenEnvField = {
  description:
    "The environment variable holding this resource's API token (`ACME_INFOMANIAK_TOKEN`), for organisations of separate Infomaniak accounts in one stack; by default `infomaniak:token` or `INFOMANIAK_TOKEN`. The name is stored in the state, never the token; a change is stored only.",
} as const;
