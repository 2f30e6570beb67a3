/**
 * The one permission vocabulary: the names (declared once, in `vocabulary.ts`), the presets made of
 * them, and the input fields that check them. Everything else imports from here.
 */
export * from "./vocabulary";
export * from "./presets";
export * from "./inputs";
