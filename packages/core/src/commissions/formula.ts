/**
 * The plan's small formula language, for what rate tables cannot say ("margin * 2% + (quantity > 10 ? 100 : 0)").
 * jsep (MIT, no dependencies, maintained, runs in Node and browsers) only parses the text into a tree; this file
 * walks that tree with decimal.js, so nothing is ever eval'd, numbers are exact decimals (the literal's text is
 * read, never jsep's float), and the same inputs always give the same result. Anything not listed here (member
 * calls, `this`, arrays, assignment, regexes) is refused when the plan is loaded, not when it pays.
 */
import jsep from 'jsep';
import { Dec } from './decimal.js';

export type FormulaValue = Dec | string | boolean;

export interface FormulaInputs {
  /** named numeric inputs (amount, margin, quantity, attainment, ...) */
  values: Readonly<Record<string, Dec>>;
  /** the transaction's own attributes, read as `attr.product` */
  attributes: Readonly<Record<string, string | number | boolean>>;
}

export interface CompiledFormula {
  text: string;
  evaluate(inputs: FormulaInputs): FormulaValue;
}

export class FormulaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormulaError';
  }
}

type Node = jsep.Expression;
type Evaluator = (inputs: FormulaInputs) => FormulaValue;

const functions: Record<string, { arity: [number, number]; apply: (args: FormulaValue[]) => FormulaValue }> = {
  min: { arity: [1, 20], apply: (args) => Dec.min(...args.map(num)) },
  max: { arity: [1, 20], apply: (args) => Dec.max(...args.map(num)) },
  abs: { arity: [1, 1], apply: ([a]) => num(a!).abs() },
  round: { arity: [1, 2], apply: ([a, d]) => num(a!).toDecimalPlaces(d === undefined ? 0 : num(d).toNumber(), Dec.ROUND_HALF_UP) },
  floor: { arity: [1, 1], apply: ([a]) => num(a!).floor() },
  ceil: { arity: [1, 1], apply: ([a]) => num(a!).ceil() },
};

/** Parses and checks `text` against the names a plan may use; throws FormulaError with a readable reason. */
export function compileFormula(text: string, allowedNames: readonly string[]): CompiledFormula {
  let tree: Node;
  try {
    tree = jsep(text.replace(/(\d+(?:\.\d+)?)%/g, '($1 / 100)'));
  } catch (error) {
    throw new FormulaError(`cannot read the formula: ${(error as Error).message}`);
  }
  const evaluate = compileNode(tree, new Set(allowedNames));
  return { text, evaluate };
}

function compileNode(node: Node, names: ReadonlySet<string>): Evaluator {
  switch (node.type) {
    case 'Literal': {
      const literal = node as jsep.Literal;
      if (typeof literal.value === 'number') {
        const value = new Dec(literal.raw);
        return () => value;
      }
      if (typeof literal.value === 'string' || typeof literal.value === 'boolean') {
        const value = literal.value;
        return () => value;
      }
      throw new FormulaError(`"${literal.raw}" is not a number, a text in quotes, true or false`);
    }
    case 'Identifier': {
      const name = (node as jsep.Identifier).name;
      if (name === 'true' || name === 'false') return () => name === 'true';
      if (!names.has(name)) throw new FormulaError(`unknown name "${name}"; use one of: ${[...names].join(', ')}, attr.<field>`);
      return (inputs) => {
        const value = inputs.values[name];
        if (value === undefined) throw new FormulaError(`"${name}" has no value here`);
        return value;
      };
    }
    case 'MemberExpression': {
      const member = node as jsep.MemberExpression;
      const object = member.object as jsep.Identifier;
      const property = member.property as jsep.Identifier | jsep.Literal;
      const field = property.type === 'Identifier' ? (property as jsep.Identifier).name : (property as jsep.Literal).value;
      if (object.type !== 'Identifier' || object.name !== 'attr' || typeof field !== 'string') {
        throw new FormulaError('only attr.<field> may be read with a dot');
      }
      return (inputs) => {
        // Own fields only: attr.__proto__ or attr.constructor must not reach into Object's prototype.
        if (!Object.hasOwn(inputs.attributes, field)) return '';
        const value = inputs.attributes[field]!;
        return typeof value === 'number' ? new Dec(String(value)) : value;
      };
    }
    case 'UnaryExpression': {
      const unary = node as jsep.UnaryExpression;
      const argument = compileNode(unary.argument, names);
      if (unary.operator === '-') return (inputs) => num(argument(inputs)).neg();
      if (unary.operator === '+') return (inputs) => num(argument(inputs));
      if (unary.operator === '!') return (inputs) => !bool(argument(inputs));
      throw new FormulaError(`the operator "${unary.operator}" is not allowed`);
    }
    case 'BinaryExpression': {
      const binary = node as jsep.BinaryExpression;
      return binaryOperator(binary.operator, compileNode(binary.left, names), compileNode(binary.right, names));
    }
    case 'ConditionalExpression': {
      const conditional = node as jsep.ConditionalExpression;
      const test = compileNode(conditional.test, names);
      const yes = compileNode(conditional.consequent, names);
      const no = compileNode(conditional.alternate, names);
      return (inputs) => (bool(test(inputs)) ? yes(inputs) : no(inputs));
    }
    case 'CallExpression': {
      const call = node as jsep.CallExpression;
      const callee = call.callee as jsep.Identifier;
      const args = call.arguments.map((argument) => compileNode(argument, names));
      if (callee.type !== 'Identifier') throw new FormulaError('only min, max, abs, round, floor, ceil and if may be called');
      if (callee.name === 'if') {
        if (args.length !== 3) throw new FormulaError('if takes three parts: if(condition, then, otherwise)');
        const [test, yes, no] = args as [Evaluator, Evaluator, Evaluator];
        return (inputs) => (bool(test(inputs)) ? yes(inputs) : no(inputs));
      }
      const fn = functions[callee.name];
      if (!fn) throw new FormulaError(`unknown function "${callee.name}"; use min, max, abs, round, floor, ceil or if`);
      if (args.length < fn.arity[0] || args.length > fn.arity[1]) throw new FormulaError(`${callee.name} takes ${fn.arity.join(' to ')} values`);
      return (inputs) => fn.apply(args.map((argument) => argument(inputs)));
    }
    default:
      throw new FormulaError(`"${node.type}" is not allowed in a formula`);
  }
}

function binaryOperator(operator: string, left: Evaluator, right: Evaluator): Evaluator {
  switch (operator) {
    case '+': return (i) => num(left(i)).add(num(right(i)));
    case '-': return (i) => num(left(i)).sub(num(right(i)));
    case '*': return (i) => num(left(i)).mul(num(right(i)));
    case '/':
      return (i) => {
        const divisor = num(right(i));
        if (divisor.isZero()) throw new FormulaError('division by zero');
        return num(left(i)).div(divisor);
      };
    case '<': return (i) => num(left(i)).lt(num(right(i)));
    case '<=': return (i) => num(left(i)).lte(num(right(i)));
    case '>': return (i) => num(left(i)).gt(num(right(i)));
    case '>=': return (i) => num(left(i)).gte(num(right(i)));
    case '==': return (i) => same(left(i), right(i));
    case '!=': return (i) => !same(left(i), right(i));
    case '&&': return (i) => bool(left(i)) && bool(right(i));
    case '||': return (i) => bool(left(i)) || bool(right(i));
    default: throw new FormulaError(`the operator "${operator}" is not allowed`);
  }
}

function num(value: FormulaValue): Dec {
  if (value instanceof Dec) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value)) return new Dec(value);
  throw new FormulaError(`expected a number, got ${JSON.stringify(value)}`);
}

function bool(value: FormulaValue): boolean {
  if (typeof value === 'boolean') return value;
  throw new FormulaError(`expected a condition (true or false), got ${value instanceof Dec ? value.toString() : JSON.stringify(value)}`);
}

function same(a: FormulaValue, b: FormulaValue): boolean {
  if (a instanceof Dec && b instanceof Dec) return a.eq(b);
  if (a instanceof Dec || b instanceof Dec) return num(a).eq(num(b));
  return a === b;
}

/** A formula result as a number of money or a rate; a condition where a number belongs is a plan error. */
export function formulaNumber(value: FormulaValue): Dec {
  return num(value);
}

export function formulaCondition(value: FormulaValue): boolean {
  return bool(value);
}
