import { InstitutionType, LabRequestState, LabTopic } from '../domain.enums';
import { DateTime, Day, Id, Nullable, StringEnum, Strict, Type, type Static } from './schema';

const dateRange = () =>
  Strict(
    { startsOn: Day(), endsOn: Day() },
    { description: 'Whole days, both included (the lab’s time zone).' },
  );

/** A bookable mobile lab as the public sees it: its name and the days already taken, never by whom. */
export const PublicMobileLabSchema = Strict({
  id: Id(),
  name: Type.String(),
  booked: Type.Array(dateRange()),
});

/** GET /api/public/mobile-labs: the labs and a signed form token for one submission. */
export const PublicMobileLabsSchema = Strict({
  labs: Type.Array(PublicMobileLabSchema),
  formToken: Type.String({ description: 'Send back as formToken; valid from minFillSeconds on, for 24 h.' }),
  minFillSeconds: Type.Integer({ minimum: 0 }),
});
export type PublicMobileLabs = Static<typeof PublicMobileLabsSchema>;
export type PublicMobileLab = Static<typeof PublicMobileLabSchema>;

/** POST /api/public/lab-requests: the receipt. The status token is shown once and stored only as a hash. */
export const LabRequestReceiptSchema = Strict({
  reference: Type.String({ description: 'Short reference to quote when calling the lab.' }),
  duplicate: Type.Boolean({
    description:
      'The same e-mail asked for the same dates within the hour: nothing new was stored, and no new link is ' +
      'given (the first confirmation has it).',
  }),
  statusToken: Nullable(Type.String()),
  statusPath: Nullable(Type.String({ description: 'Path of the status page in the web UI.' })),
});
export type LabRequestReceipt = Static<typeof LabRequestReceiptSchema>;

const deploymentSummary = () => Strict({ id: Id(), startsOn: Day(), endsOn: Day(), place: Type.String() });

/** GET /api/public/lab-requests/{token}: what the requester may see of their own request. */
export const LabRequestStatusSchema = Strict({
  reference: Type.String(),
  state: StringEnum(LabRequestState),
  labName: Type.String(),
  institution: Type.String(),
  wishedDates: Type.Array(dateRange()),
  proposedDates: Type.Array(dateRange()),
  staffMessage: Nullable(Type.String()),
  deployment: Nullable(deploymentSummary()),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});
export type LabRequestStatus = Static<typeof LabRequestStatusSchema>;

/** A request as the staff inbox shows it. */
export const LabRequestSchema = Strict({
  id: Id(),
  reference: Type.String(),
  state: StringEnum(LabRequestState),
  siteId: Id(),
  labName: Type.String(),
  institution: Type.String(),
  institutionType: StringEnum(InstitutionType),
  contactName: Type.String(),
  email: Type.String(),
  phone: Nullable(Type.String()),
  wishedDates: Type.Array(dateRange()),
  place: Type.String(),
  municipalityKey: Type.String({ pattern: '^\\d{8}$' }),
  participants: Type.Integer({ minimum: 1 }),
  topics: Type.Array(StringEnum(LabTopic)),
  topicsText: Nullable(Type.String()),
  message: Nullable(Type.String()),
  language: Type.String(),
  proposedDates: Type.Array(dateRange()),
  staffMessage: Nullable(Type.String()),
  deploymentId: Nullable(Id()),
  deployment: Nullable(deploymentSummary()),
  consentAt: DateTime(),
  createdAt: DateTime(),
  updatedAt: DateTime(),
});
export type LabRequest = Static<typeof LabRequestSchema>;
export type DateRange = Static<ReturnType<typeof dateRange>>;

/**
 * The SpaceAPI document of a site (spaceapi.io, schema 14 and 15), as far as Werkbank fills it. Validated
 * against the official schema in test/spaceapi.e2e-spec.ts.
 */
export const SpaceApiSchema = Strict({
  api_compatibility: Type.Array(Type.String()),
  space: Type.String(),
  logo: Type.String(),
  url: Type.String(),
  location: Type.Optional(
    Strict({
      address: Type.Optional(Type.String()),
      lat: Type.Optional(Type.Number()),
      lon: Type.Optional(Type.Number()),
      timezone: Type.Optional(Type.String()),
    }),
  ),
  contact: Strict({
    email: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
  }),
  state: Strict({
    open: Type.Boolean(),
    lastchange: Type.Integer({ description: 'Unix time in seconds.' }),
    message: Type.Optional(Type.String()),
  }),
});
export type SpaceApi = Static<typeof SpaceApiSchema>;
