/**
 * Operations generated from the schema: a root field with arguments drawn
 * from the sandbox's data (mostly values that answer data, some that must
 * be refused), under a selection walked from its type with aliases, inline
 * and named fragments and @include/@skip. Deterministic for a seed.
 * Root fields that spend or change anything are never generated (only
 * Query and Subscription roots are walked).
 */
import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import type {
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  GraphQLOutputType,
  GraphQLSchema,
} from 'graphql';
import { Random } from '../../src/sandbox/random.js';
import type { ValuePools } from './pools.js';
import { SlotWriter } from './render.js';
import type { Template } from './render.js';

export interface GenerateOptions {
  seed: number;
  count: number;
  /** @default 'Query' */
  root?: 'Query' | 'Subscription';
}

/** No value: the argument is left out. */
const OMIT = Symbol('omit');

/** Which global ids a subscription field watches. */
const WATCHES: Record<string, string[]> = {
  jobUpdates: ['KreaJob', 'ArgilVideo'],
  kreaJobUpdates: ['KreaJob'],
  assetUpdates: ['KreaAsset', 'ArgilAsset'],
};

/**
 * Fields that two of `types` have with different types (`name: String` and
 * `name: String!`): selected on both without an alias, the document is invalid.
 */
function clashingFields(types: readonly GraphQLObjectType[]): Set<string> {
  const seen = new Map<string, string>();
  const clashing = new Set<string>();
  for (const type of types) {
    for (const field of Object.values(type.getFields())) {
      const before = seen.get(field.name);
      if (before !== undefined && before !== String(field.type)) clashing.add(field.name);
      seen.set(field.name, String(field.type));
    }
  }
  return clashing;
}

class Generator {
  private fragments: string[] = [];
  private writer = new SlotWriter();

  constructor(
    private readonly random: Random,
    private readonly pools: ValuePools,
    private readonly schema: GraphQLSchema,
  ) {}

  private chance(p: number): boolean {
    return this.random.next() < p;
  }

  private some<T>(items: readonly T[], min: number, max: number): T[] {
    return Array.from({ length: this.random.int(min, max) }, () => this.random.pick(items));
  }

  private globalId(field: string): string {
    if (this.chance(0.08)) return this.random.pick(this.pools.malformedIds);
    if (this.chance(0.08)) return this.random.pick(this.pools.globalIds.Unknown!);
    const types = WATCHES[field] && !this.chance(0.1) ? WATCHES[field]! : Object.keys(this.pools.globalIds);
    return this.random.pick(this.pools.globalIds[this.random.pick(types)]!);
  }

  /** A value the argument `name` of `field` could take: real ids and names mostly, a wrong one sometimes. */
  private known(field: string, name: string, type: GraphQLInputType): unknown {
    const named = getNamedType(type).name;
    const { pools } = this;
    if (name === 'id' && named === 'ID') return this.globalId(field);
    if (name === 'id') {
      if (this.chance(0.1)) return named === 'UUID' ? pools.unknownUuid : 'unknown-id';
      if (this.chance(0.04)) return 'not a uuid';
      return this.random.pick(pools.providerIds[field] ?? [pools.unknownUuid]);
    }
    if (name === 'ids' && named === 'ID') return this.some([0, 1, 2], 1, 4).map(() => this.globalId(field));
    if (name === 'ids') return this.some(pools.providerIds.kreaStyle!, 1, 3);
    if (name === 'representations') return this.some(pools.representations, 1, 3);
    if (name === 'first' || name === 'last') {
      if (this.chance(0.05)) return this.random.pick([-1, 101, 2_147_483_648]);
      return this.random.int(0, 4);
    }
    if (name === 'after' || name === 'before') return this.chance(0.85) ? OMIT : 'bm90IGEgY3Vyc29y';
    if (named === 'String' && name === 'types') return this.some(pools.kreaJobTypes, 1, 2);
    const strings: Record<string, readonly string[]> = {
      model: field === 'kreaStyles' ? pools.kreaStyleModels : pools.argil.models,
      orientation: pools.argil.orientations,
      visibility: pools.argil.visibilities,
      gender: pools.argil.genders,
      language: pools.argil.languages,
      user: ['me', 'sandbox'],
    };
    if (named === 'String' && strings[name]) return this.chance(0.08) ? 'NOPE' : this.random.pick(strings[name]!);
    if (named === 'DateTime') return this.chance(0.05) ? 'not a date' : this.random.pick(pools.timestamps);
    return OMIT;
  }

  /** A value of `type` for argument (or input field) `name` of `field`; OMIT leaves it out. */
  private value(field: string, name: string, type: GraphQLInputType, top: boolean): unknown {
    const required = isNonNullType(type);
    if (!required && this.chance(top ? 0.35 : 0.45)) return OMIT;
    if (!required && this.chance(0.04)) return null;
    const known = this.known(field, name, type);
    if (known !== OMIT) return known;
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) {
      const items = this.some([0, 1, 2], 1, 3).map(() => this.value(field, name, inner.ofType, false));
      const listed = items.filter((item) => item !== OMIT);
      // A single value where a list is expected is coerced to a list of one.
      return listed.length === 1 && this.chance(0.2) ? listed[0] : listed;
    }
    if (isEnumType(inner)) return this.random.pick(inner.getValues()).name;
    if (isInputObjectType(inner)) {
      const object: Record<string, unknown> = {};
      for (const input of Object.values(inner.getFields())) {
        const value = this.value(inner.name, input.name, input.type, false);
        if (value !== OMIT) object[input.name] = value;
      }
      return object;
    }
    if (inner.name === 'Boolean') return this.chance(0.5);
    if (inner.name === 'Int') return this.random.int(0, 3);
    return required ? 'x' : OMIT;
  }

  private condition(): string {
    const directive = this.chance(0.5) ? 'include' : 'skip';
    return ` @${directive}(if: ${this.writer.slot('Boolean!', this.chance(0.5))})`;
  }

  /** A selection set for `type`, braces included ('' for a leaf). */
  private selection(type: GraphQLOutputType | GraphQLNamedType, depth: number): string {
    const named = getNamedType(type);
    if (isLeafType(named)) return '';
    const parts: string[] = [];
    if (isObjectType(named) || isInterfaceType(named)) parts.push(...this.fields(named.getFields(), depth));
    if (isAbstractType(named)) {
      parts.push('__typename');
      const possibles = this.schema.getPossibleTypes(named);
      const clashing = clashingFields(possibles);
      for (const possible of this.some(possibles, 1, 2)) {
        const fields = this.fields(possible.getFields(), depth, (name) =>
          clashing.has(name) ? `${possible.name}_${name}: ` : undefined,
        ).join(' ');
        parts.push(`... on ${possible.name}${this.chance(0.1) ? this.condition() : ''} { ${fields} }`);
      }
    }
    if (parts.length === 0) parts.push('__typename');
    if (depth > 1 && this.chance(0.12)) {
      const name = `F${this.fragments.length}`;
      this.fragments.push(`fragment ${name} on ${named.name} { ${parts.join(' ')} }`);
      return `{ ...${name}${this.chance(0.2) ? this.condition() : ''} }`;
    }
    return `{ ${parts.join(' ')} }`;
  }

  /** Some of `fields`; `aliasOf` names the alias a field must have (one that would clash with a sibling type's). */
  private fields(
    fields: Record<string, GraphQLField<unknown, unknown>>,
    depth: number,
    aliasOf: (name: string) => string | undefined = () => undefined,
  ): string[] {
    const all = Object.values(fields).filter((f) => !f.args.some((arg) => isNonNullType(arg.type)));
    const leaves = all.filter((f) => isLeafType(getNamedType(f.type)));
    const objects = depth > 0 ? all.filter((f) => !isLeafType(getNamedType(f.type))) : [];
    const chosen = new Set([
      ...this.some(leaves.length > 0 ? leaves : all, 1, 3),
      ...(objects.length > 0 ? this.some(objects, 0, 2) : []),
    ]);
    return [...chosen].map((field) => {
      const alias = aliasOf(field.name) ?? (this.chance(0.15) ? `a${this.random.int(0, 99)}_${field.name}: ` : '');
      const directive = this.chance(0.08) ? this.condition() : '';
      return `${alias}${field.name}${directive} ${this.selection(field.type, depth - 1)}`.trim();
    });
  }

  template(field: GraphQLField<unknown, unknown>, root: 'Query' | 'Subscription', index: number): Template {
    this.fragments = [];
    this.writer = new SlotWriter();
    const args: string[] = [];
    for (const arg of field.args) {
      const value = this.value(field.name, arg.name, arg.type, true);
      if (value === OMIT) continue;
      // Half the variables are named like their argument, half not (graphql-jit's compiled
      // subscribe once read arguments from the variables by the argument's name).
      const variable = this.chance(0.5) ? arg.name : `${arg.name}Value`;
      args.push(`${arg.name}: ${this.writer.slot(String(arg.type), value, variable)}`);
    }
    const alias = this.chance(0.2) ? `root${index}: ` : '';
    const call = args.length > 0 ? `${field.name}(${args.join(', ')})` : field.name;
    const body = `{ ${alias}${call} ${this.selection(field.type, 3)} }`;
    return {
      name: `generated #${index} ${field.name}`,
      kind: root === 'Query' ? 'query' : 'subscription',
      body,
      fragments: this.fragments.length > 0 ? this.fragments.join('\n') : undefined,
      slots: this.writer.slots,
    };
  }
}

/** `count` templates over the root type's fields with arguments, round-robin, from `seed`. */
export function generateTemplates(schema: GraphQLSchema, pools: ValuePools, options: GenerateOptions): Template[] {
  const root = options.root ?? 'Query';
  const type = root === 'Query' ? schema.getQueryType() : schema.getSubscriptionType();
  const fields = Object.values(type?.getFields() ?? {}).filter((field) => field.args.length > 0);
  const generator = new Generator(new Random(options.seed), pools, schema);
  return Array.from({ length: options.count }, (_, index) =>
    generator.template(fields[index % fields.length]!, root, index),
  );
}
