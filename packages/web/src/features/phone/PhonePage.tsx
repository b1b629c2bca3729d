/** The frame of a phone page: a sticky title bar (with back where the page is not a tab) and toolbar above the content. */
import type { ReactNode } from 'react';
import { NavBar } from 'antd-mobile';
import { useBack } from './phone-nav';
import './phone-pages.css';

interface Props {
  title: ReactNode;
  /** Where back goes when the page was opened directly; no back arrow when absent (tab pages). */
  backTo?: string;
  right?: ReactNode;
  /** Stays under the title while the page scrolls (search box, filter tabs). */
  toolbar?: ReactNode;
  children: ReactNode;
}

export function PhonePage({ title, backTo, right, toolbar, children }: Props) {
  const back = useBack(backTo ?? '/m');
  return (
    <div className="pp-page">
      <header className="pp-header">
        <NavBar className="pp-navbar" backIcon={!!backTo} onBack={backTo ? back : undefined} right={right}>
          {title}
        </NavBar>
        {toolbar}
      </header>
      {children}
    </div>
  );
}
