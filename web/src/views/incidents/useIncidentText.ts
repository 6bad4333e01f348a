import dayjs from 'dayjs';
import { ref, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { Organisation, TaskStatus, TimelineEvent } from '@/api/types';
import { TASK_STATUSES } from '@/utils/incident';

/**
 * Texts of the war room: commander rules, reporting stages, working groups (the organisation's
 * own names first), timeline events (whose summaries the server writes in a compact form) and
 * durations. A value without a translation is shown as it came.
 */
export function useIncidentText(organisation: Ref<Organisation | null> = ref(null)) {
  const { t, te } = useI18n();

  function ruleLabel(rule: string | null | undefined) {
    if (!rule) return '';
    return te(`incident.rules.${rule}`) ? t(`incident.rules.${rule}`) : rule;
  }
  function stageLabel(stage: string) {
    return te(`incident.stages.${stage}`) ? t(`incident.stages.${stage}`) : stage;
  }
  function groupName(code: string) {
    const g = organisation.value?.groups.find((x) => x.code === code);
    if (g) return g.name;
    return te(`emergency.groups.${code}`) ? t(`emergency.groups.${code}`) : code;
  }
  function kindLabel(kind: string) {
    return te(`incident.events.${kind}`) ? t(`incident.events.${kind}`) : kind;
  }

  /** "injured#3:hospitalised", "treatment#3:discharged", "compensation#2:medical:approved", "visit#1:phone:5". */
  function aftermathText(summary: string): string {
    const [head, ...rest] = summary.split(':');
    const what = head.split('#')[0];
    const label = (key: string) => (te(key) ? t(key) : key.split('.').pop() ?? key);
    if (what === 'injured') return t('incident.eventInjured', { status: label(`aftermath.treatment.${rest[0]}`) });
    if (what === 'treatment') return t('incident.eventTreatment', { status: label(`aftermath.treatment.${rest[0]}`) });
    if (what === 'compensation') {
      return t('incident.eventCompensation', {
        kind: label(`aftermath.kinds.${rest[0]}`),
        status: label(`aftermath.compensationStatus.${rest[1]}`),
      });
    }
    if (what === 'visit') return t('incident.eventVisit', { method: label(`aftermath.methods.${rest[0]}`), n: rest[1] ?? '' });
    return t('incident.events.aftermath');
  }

  /** "opened", "submitted", "action#4:done", "recovery#2:in_progress". */
  function investigationText(summary: string): string {
    const [head, status] = summary.split(':');
    const what = head.split('#')[0];
    if (what === 'action') {
      return t('incident.eventAction', { status: te(`investigation.actionStatus.${status}`) ? t(`investigation.actionStatus.${status}`) : status });
    }
    if (what === 'recovery') {
      return t('incident.eventRecovery', { status: te(`incident.taskStatuses.${status}`) ? t(`incident.taskStatuses.${status}`) : status });
    }
    return te(`investigation.events.${summary}`) ? t(`investigation.events.${summary}`) : t('incident.events.investigation');
  }

  function eventText(e: TimelineEvent): string {
    const [a, b] = e.summary.split(':');
    switch (e.kind) {
      case 'report':
        return t('incident.events.report');
      case 'commander':
        return t('incident.eventCommander', { rule: ruleLabel(e.summary) });
      case 'step':
        return t('incident.eventStepDone', { stage: stageLabel(a) });
      case 'escalation':
        return t('incident.eventEscalated', { stage: stageLabel(a) });
      case 'level': {
        const [from, to] = e.summary.split('->');
        return t('incident.eventLevel', { from, to });
      }
      case 'task': {
        if (b !== undefined && TASK_STATUSES.includes(b as TaskStatus)) {
          return t('incident.eventTaskStatus', { title: a, status: t(`incident.taskStatuses.${b}`) });
        }
        const rest = e.summary.slice(e.summary.indexOf(':') + 1);
        return t('incident.eventTask', { group: groupName(a), title: rest });
      }
      case 'end':
        return t('incident.events.end');
      case 'aftermath':
        return aftermathText(e.summary);
      case 'investigation':
        return investigationText(e.summary);
      case 'case':
        return t('incident.events.case');
      default:
        return kindLabel(e.kind);
    }
  }

  /** A span in days, hours and minutes; under an hour in minutes and seconds. */
  function duration(ms: number): string {
    const total = Math.max(0, Math.floor(ms / 1000));
    const d = Math.floor(total / 86400);
    const h = Math.floor((total % 86400) / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = total % 60;
    if (d > 0) return t('incident.durationDays', { d, h, m });
    if (h > 0) return t('incident.durationHours', { h, m });
    return t('incident.durationMinutes', { m, s });
  }

  function eventType(kind: string) {
    if (kind === 'escalation') return 'danger';
    if (kind === 'level' || kind === 'commander') return 'warning';
    if (kind === 'end') return 'success';
    if (kind === 'report' || kind === 'follow_up') return 'primary';
    return 'info';
  }

  return { ruleLabel, stageLabel, groupName, kindLabel, eventText, eventType, duration };
}

/** A time as the war room shows it. */
export function fmt(ts: string | null | undefined) {
  return ts ? dayjs(ts).format('YYYY-MM-DD HH:mm') : '—';
}
