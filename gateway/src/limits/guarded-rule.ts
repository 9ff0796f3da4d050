import { type ASTVisitor, BREAK, type ValidationContext, type ValidationRule } from 'graphql';
import { type Rejection, unmeasurableRejection } from './errors.js';

type VisitFn = (...args: unknown[]) => unknown;

/**
 * A limit rule that can never fail the request: Apollo calls `validate` outside any try, so an
 * exception in a rule (a bug, a stack overflow on a document nobody foresaw) would be an HTTP 500.
 * Instead the operation is refused once with QUERY_TOO_COMPLEX (`limit: unmeasurable`), the
 * detail kept out of the message, and the rule stops visiting (BREAK skips only this rule).
 */
export function guardedRule(
  rule: ValidationRule,
  reject: (context: ValidationContext, rejection: Rejection) => void,
): ValidationRule {
  return (context) => {
    let failed = false;
    const fail = () => {
      if (!failed) {
        failed = true;
        reject(context, unmeasurableRejection());
      }
      return BREAK;
    };
    let visitor: ASTVisitor;
    try {
      visitor = rule(context);
    } catch {
      fail();
      return {};
    }
    // graphql-js calls every visit function with the visitor as `this` (armor's rules are class
    // instances that need it), so each runs against the original.
    const guard =
      (fn: VisitFn): VisitFn =>
      (...args) => {
        try {
          return fn.apply(visitor, args);
        } catch {
          return fail();
        }
      };
    // A proxy, not a copy: a visitor's functions may live on its prototype.
    const wrapped = new Map<PropertyKey, unknown>();
    return new Proxy(visitor, {
      get(target, key) {
        if (wrapped.has(key)) return wrapped.get(key);
        const value: unknown = Reflect.get(target, key);
        let guarded = value;
        if (typeof value === 'function') {
          guarded = guard(value as VisitFn);
        } else if (value && typeof value === 'object') {
          const { enter, leave } = value as { enter?: VisitFn; leave?: VisitFn };
          guarded = {
            ...(enter ? { enter: guard(enter) } : {}),
            ...(leave ? { leave: guard(leave) } : {}),
          };
        }
        wrapped.set(key, guarded);
        return guarded;
      },
    });
  };
}
