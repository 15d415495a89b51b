/*
 * Function help in another language, for Excel in that language.
 *
 * Excel shows a custom function's description and its parameters' descriptions from the metadata
 * file the manifest names for the user's locale (a <bt:Override Locale="zh-CN"> on
 * Functions.Metadata.Url). That file is written here from the generated functions.json, with
 * only the descriptions replaced by a reviewed translation file, so ids, names, types, options and
 * help links can never differ between the languages.
 *
 * The translation file is one entry per function id:
 *   { "PRICE": { "description": "…", "parameters": { "product": "…", … } }, … }
 * plus "result" where the generated metadata describes the result.
 *
 * A function or parameter without a translation, a translated parameter the function does not
 * have, or a malformed entry fails the build. A translation for a function id the metadata does
 * not have is only a warning: translations may land before the function they describe does, and
 * a misspelt id is still caught, as the id it should have named is then missing.
 */
"use strict";

const fs = require("fs");

const ENTRY_KEYS = new Set(["description", "parameters", "result"]);

const isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
const isText = (value) => typeof value === "string" && value.trim() !== "";

/**
 * The metadata with every description replaced by its translation, and what stands in the way.
 * @param {{functions: object[]}} metadata the generated functions.json, parsed
 * @param {unknown} translations the translation file, parsed
 * @param {string} locale for messages, e.g. "zh-CN"
 * @returns {{metadata: object, errors: string[], warnings: string[]}}
 */
function localizeMetadata(metadata, translations, locale) {
  const errors = [];
  const warnings = [];
  const localized = JSON.parse(JSON.stringify(metadata));
  if (!isObject(translations)) {
    errors.push(`The ${locale} translations must be an object keyed by function id.`);
    return { metadata: localized, errors, warnings };
  }

  const known = new Set(localized.functions.map((fn) => fn.id));
  for (const [id, entry] of Object.entries(translations)) {
    if (!isObject(entry)) {
      errors.push(`${locale} ${id}: expected {"description": …, "parameters": {…}}.`);
      continue;
    }
    for (const key of Object.keys(entry).filter((key) => !ENTRY_KEYS.has(key)))
      errors.push(
        `${locale} ${id}: unknown key "${key}"; an entry has "description", "parameters" and, where the result is described, "result".`
      );
    if (entry.parameters !== undefined && !isObject(entry.parameters))
      errors.push(`${locale} ${id}: "parameters" must map each parameter's name to its text.`);
    if (!known.has(id))
      warnings.push(
        `${locale} has a translation for ${id}, which is not a function (yet): it is not used.`
      );
  }

  for (const fn of localized.functions) {
    const entry = isObject(translations[fn.id]) ? translations[fn.id] : undefined;
    if (!entry) {
      if (translations[fn.id] === undefined)
        errors.push(`${locale} has no translation for ${fn.id}.`);
      continue;
    }
    const translate = (where, original, text) => {
      if (text === undefined) errors.push(`${locale} has no translation for ${where}.`);
      else if (!isText(text)) errors.push(`${locale} ${where}: the translation must be text.`);
      else return text;
      return original;
    };
    fn.description = translate(fn.id, fn.description, entry.description);

    const parameters = isObject(entry.parameters) ? entry.parameters : {};
    for (const parameter of fn.parameters) {
      parameter.description = translate(
        `${fn.id}(${parameter.name})`,
        parameter.description,
        parameters[parameter.name]
      );
    }
    const declared = new Set(fn.parameters.map((parameter) => parameter.name));
    for (const name of Object.keys(parameters).filter((name) => !declared.has(name)))
      errors.push(
        `${locale} translates ${fn.id}(${name}), but ${fn.id} has no parameter ${name}; its parameters are ${[...declared].join(", ") || "none"}.`
      );

    if (fn.result && fn.result.description !== undefined)
      fn.result.description = translate(
        `the result of ${fn.id}`,
        fn.result.description,
        entry.result
      );
    else if (entry.result !== undefined)
      errors.push(`${locale} translates the result of ${fn.id}, which has no description.`);
  }
  return { metadata: localized, errors, warnings };
}

/**
 * Writes `functions.<locale>.json` beside the generated functions.json.
 * Options: locale ("zh-CN"), translations (path of the translation file), source (the generated
 * metadata's asset name, default "functions.json").
 */
class LocalizedMetadataPlugin {
  constructor(options) {
    this.locale = options.locale;
    this.translations = options.translations;
    this.source = options.source || "functions.json";
    this.output = this.source.replace(/\.json$/, `.${this.locale}.json`);
  }

  apply(compiler) {
    const name = "LocalizedMetadataPlugin";
    const { WebpackError, sources } = compiler.webpack;
    compiler.hooks.thisCompilation.tap(name, (compilation) => {
      // A watched build picks up an edited translation.
      compilation.fileDependencies.add(this.translations);
      compilation.hooks.processAssets.tap(
        {
          name,
          // After the summarize stage, where the repository address is put into the help links,
          // so both languages link to the same place.
          stage: compilation.constructor.PROCESS_ASSETS_STAGE_SUMMARIZE + 1,
        },
        () => {
          // No functions.json means the metadata generator failed, and has said why.
          const asset = compilation.getAsset(this.source);
          if (!asset) return;
          let translations;
          try {
            translations = JSON.parse(fs.readFileSync(this.translations, "utf8"));
          } catch (error) {
            compilation.errors.push(
              new WebpackError(`${this.translations} could not be read: ${error.message}`)
            );
            return;
          }
          const metadata = JSON.parse(asset.source.source().toString());
          const result = localizeMetadata(metadata, translations, this.locale);
          for (const message of result.warnings)
            compilation.warnings.push(new WebpackError(`${this.translations}: ${message}`));
          for (const message of result.errors)
            compilation.errors.push(new WebpackError(`${this.translations}: ${message}`));
          if (result.errors.length > 0) return;
          compilation.emitAsset(
            this.output,
            new sources.RawSource(`${JSON.stringify(result.metadata, null, 4)}\n`)
          );
        }
      );
    });
  }
}

module.exports = { localizeMetadata, LocalizedMetadataPlugin };
