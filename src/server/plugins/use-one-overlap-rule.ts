/**
 * One OverlappingFieldsCanBeMerged check, not two. @graphql-yoga/plugin-defer-stream
 * adds its own version of the rule (it knows @stream) and means to drop
 * graphql-js' by filtering `params.rules`, a copy envelop does not read back:
 * both ran, and every conflict was reported twice. This drops graphql-js'
 * rule while another rule of that name is present.
 */
import { OverlappingFieldsCanBeMergedRule } from 'graphql';
import type { ValidationRule } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export function useOneOverlapRule(): Plugin {
  return {
    onValidate({ validateFn, setValidationFn }) {
      setValidationFn((schema, document, rules, ...rest) => {
        const replaced = rules?.some(
          (rule: ValidationRule) =>
            rule !== OverlappingFieldsCanBeMergedRule && rule.name === OverlappingFieldsCanBeMergedRule.name,
        );
        const kept = replaced
          ? rules!.filter((rule: ValidationRule) => rule !== OverlappingFieldsCanBeMergedRule)
          : rules;
        return validateFn(schema, document, kept, ...rest);
      });
    },
  };
}
