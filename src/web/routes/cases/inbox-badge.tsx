import { useEffect, useState } from 'react';
import { Badge } from 'antd';
import { InboxOutlined } from '@ant-design/icons';
import { useLocation } from 'react-router';
import { casesApi } from './cases-api';
import { exitsApi } from '../exits/exits-api';

const changedEvent = 'bangfu:inbox-changed';

/** Tells the menu's count to refresh (an action was taken somewhere on the page). */
export function notifyInboxChanged(): void {
  window.dispatchEvent(new Event(changedEvent));
}

/**
 * The menu icon of 待办事项 with the number of cases and annual review tasks (and
 * exit proposals) waiting for the caller
 * (the menu renders only an icon and a label per item; the count rides on the
 * icon so that it shows in the collapsed menu too). Fetched again on every
 * route change and after an action, never polled.
 */
export function InboxNavIcon({ className }: { className?: string }) {
  const { pathname } = useLocation();
  const [count, setCount] = useState(0);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    const onChanged = () => setTick((n) => n + 1);
    window.addEventListener(changedEvent, onChanged);
    return () => window.removeEventListener(changedEvent, onChanged);
  }, []);

  useEffect(() => {
    let isCurrent = true;
    // Open exit proposals waiting for the caller (退出管理) count too.
    Promise.all([casesApi.inbox(), exitsApi.waiting()]).then(
      ([inbox, exits]) => {
        // Review tasks count in full, also those beyond what the inbox lists.
        const cases = inbox.items.filter((i) => i.kind === 'case').length;
        if (isCurrent) setCount(cases + inbox.reviewTasksTotal + exits.length);
      },
      () => undefined, // The menu stays quiet; the inbox page reports its own failures.
    );
    return () => {
      isCurrent = false;
    };
  }, [pathname, tick]);

  return (
    <span className={className} data-testid="nav-inbox-count" data-count={count}>
      <Badge count={count} size="small" overflowCount={99} offset={[6, -4]}>
        <InboxOutlined style={{ color: 'inherit', fontSize: 'inherit' }} />
      </Badge>
    </span>
  );
}
