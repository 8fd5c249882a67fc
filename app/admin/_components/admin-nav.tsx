'use client';
import Link from 'next/link';
import { useParams, usePathname, useRouter } from 'next/navigation';
import type { Permission } from '@/lib/auth/permissions';

type Item = { label: string; href: (slug: string) => string; permission: Permission };
const ITEMS: Item[] = [
  { label: 'Dashboard', href: (s) => `/admin/${s}/dashboard`, permission: 'dashboard:view' },
  { label: 'Claims', href: (s) => `/admin/${s}/claims`, permission: 'claims:view' },
  { label: 'Review', href: (s) => `/admin/${s}/review`, permission: 'claims:decide' },
  { label: 'Opt-outs', href: (s) => `/admin/${s}/opt-outs`, permission: 'filings:view' },
  { label: 'Objections', href: (s) => `/admin/${s}/objections`, permission: 'filings:view' },
  { label: 'Class list', href: (s) => `/admin/${s}/class-list`, permission: 'classlist:import' },
  { label: 'Notices', href: (s) => `/admin/${s}/notices`, permission: 'notices:manage' },
  { label: 'Reports', href: (s) => `/admin/${s}/reports`, permission: 'reports:export' },
  { label: 'Jobs', href: (s) => `/admin/${s}/jobs`, permission: 'jobs:view' },
  { label: 'Payouts', href: (s) => `/admin/${s}/payouts`, permission: 'payouts:compute' },
  { label: 'Disbursements', href: (s) => `/admin/${s}/disbursements`, permission: 'disbursements:run' },
  { label: 'Audit log', href: (s) => `/admin/${s}/audit`, permission: 'audit:view' },
  { label: 'Settings', href: (s) => `/admin/${s}/settings`, permission: 'settings:view' },
  { label: 'Users', href: () => '/admin/users', permission: 'users:manage' },
];

/** The console navigation; links the user's role cannot use are hidden (the guard refuses them anyway). */
export function AdminNav({ settlements, permissions }: { settlements: { slug: string; name: string }[]; permissions: Permission[] }) {
  const params = useParams<{ slug?: string }>();
  const pathname = usePathname();
  const router = useRouter();
  const current = settlements.find((s) => s.slug === params.slug) ?? settlements[0];
  const items = ITEMS.filter((i) => permissions.includes(i.permission));
  return (
    <div className="admin-navbar">
      {settlements.length > 1 ? (
        <label className="admin-switcher">
          <span className="visually-hidden">Settlement</span>
          <select
            value={current?.slug}
            onChange={(e) => {
              // Keep the same section when switching settlements (claims → claims).
              const section = params.slug ? pathname.split('/')[3] ?? 'dashboard' : 'dashboard';
              router.push(`/admin/${e.target.value}/${section}`);
            }}
          >
            {settlements.map((s) => (
              <option key={s.slug} value={s.slug}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      ) : current ? (
        <span className="admin-settlement">{current.name}</span>
      ) : null}
      <nav aria-label="Console">
        <ul>
          {items.map((i) => {
            const href = i.href(current?.slug ?? '');
            if (!current && href.includes('//')) return null;
            const active = pathname === href || pathname.startsWith(`${href}/`);
            return (
              <li key={i.label}>
                <Link href={href} aria-current={active ? 'page' : undefined}>
                  {i.label}
                </Link>
              </li>
            );
          })}
          {permissions.includes('settlements:create') && (
            <li>
              <Link href="/admin/settlements/new" aria-current={pathname === '/admin/settlements/new' ? 'page' : undefined}>
                New settlement
              </Link>
            </li>
          )}
        </ul>
      </nav>
    </div>
  );
}
