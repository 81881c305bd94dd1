import type { LabRequest, LabRequestStatus } from '@werkbank/contracts';
import type { DeploymentEntity, LabRequestEntity } from '@werkbank/persistence';
import { reference } from './lab-mailer';

const summary = (d: DeploymentEntity | null) =>
  d ? { id: d.id, startsOn: d.startsOn, endsOn: d.endsOn, place: d.place } : null;

/** What the staff inbox shows. */
export function staffView(
  r: LabRequestEntity,
  labName: string,
  deployment: DeploymentEntity | null,
): LabRequest {
  return {
    id: r.id,
    reference: reference(r),
    state: r.state,
    siteId: r.siteId,
    labName,
    institution: r.institution,
    institutionType: r.institutionType,
    contactName: r.contactName,
    email: r.email,
    phone: r.phone,
    wishedDates: r.wishedDates,
    place: r.place,
    municipalityKey: r.municipalityKey,
    participants: r.participants,
    topics: r.topics,
    topicsText: r.topicsText,
    message: r.message,
    language: r.language,
    proposedDates: r.proposedDates,
    staffMessage: r.staffMessage,
    deploymentId: r.deploymentId,
    deployment: summary(deployment),
    consentAt: r.consentAt,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** What the requester's status page shows: no contact data (the link may be forwarded). */
export function statusView(
  r: LabRequestEntity,
  labName: string,
  deployment: DeploymentEntity | null,
): LabRequestStatus {
  return {
    reference: reference(r),
    state: r.state,
    labName,
    institution: r.institution,
    wishedDates: r.wishedDates,
    proposedDates: r.proposedDates,
    staffMessage: r.staffMessage,
    deployment: summary(deployment),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}
