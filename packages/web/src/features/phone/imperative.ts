/**
 * antd-mobile's Toast, Dialog.alert/confirm render into a root of their own. Its built-in renderer predates
 * React 19 (react-dom lost `render`), so it is given createRoot; and since that root sits outside the layout's
 * ConfigProvider, the default locale follows the person's language.
 */
import { createRoot, type Root } from 'react-dom/client';
import { setDefaultConfig } from 'antd-mobile/es/components/config-provider';
import { unstableSetRender } from 'antd-mobile/es/utils/unstable-render';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import enUS from 'antd-mobile/es/locales/en-US';

const roots = new WeakMap<Element | DocumentFragment, Root>();

unstableSetRender((node, container) => {
  let root = roots.get(container);
  if (!root) {
    root = createRoot(container);
    roots.set(container, root);
  }
  root.render(node);
  return async () => {
    // Unmounting while React is still rendering the closing animation warns; wait for the current task to end.
    await new Promise((resolve) => setTimeout(resolve, 0));
    root.unmount();
    roots.delete(container);
  };
});

export function antdMobileLocale(language: string) {
  return language === 'en' ? enUS : zhCN;
}

/** The locale of Toast and Dialog texts (their own buttons), which render outside the layout's ConfigProvider. */
export function setImperativeLocale(language: string): void {
  setDefaultConfig({ locale: antdMobileLocale(language) });
}
