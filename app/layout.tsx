import type { Metadata, Viewport } from 'next';
import './globals.css';
import { PreparingDemo } from './_components/preparing-demo';
import { demoStatus } from '@/lib/demo/progress';

export const metadata: Metadata = {
  title: { default: 'fairshare', template: '%s · fairshare' },
  description: 'Settlement administration: notices, claims, payments and reports to the court.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  // While the first start builds the demo (instrumentation.ts), every page shows its progress instead.
  const status = demoStatus();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        {status?.state === 'building' ? <PreparingDemo status={status} /> : children}
      </body>
    </html>
  );
}
