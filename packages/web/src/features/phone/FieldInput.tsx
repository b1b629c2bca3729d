/**
 * An antd-mobile Input whose test id sits on a wrapping <label>: a browser test can fill it directly
 * (`getByTestId('lead-name').fill(…)` follows the label to its input) or reach the input inside it.
 */
import { Input, TextArea, type InputProps, type TextAreaProps } from 'antd-mobile';

export function FieldInput({ testId, ...props }: InputProps & { testId: string }) {
  return (
    <label data-testid={testId} className="pp-field">
      <Input {...props} />
    </label>
  );
}

export function FieldTextArea({ testId, ...props }: TextAreaProps & { testId: string }) {
  return (
    <label data-testid={testId} className="pp-field">
      <TextArea {...props} />
    </label>
  );
}
