/** The family file a request starts: what the parent gave, nothing more. */
import type { FieldsOf, RecordOf } from '../registry';

type Request = Pick<RecordOf<'intakeRequest'>, 'phone' | 'name' | 'childBirthDate' | 'childExpectedDate' | 'communeCode' | 'needs' | 'consent'>;

export function familyFromRequest(request: Request, newId: () => string): FieldsOf<'family'> {
  const date = request.childBirthDate ? { birthDate: request.childBirthDate } : request.childExpectedDate ? { expectedDate: request.childExpectedDate } : undefined;
  return {
    guardians: [{ id: newId(), phone: request.phone, ...(request.name ? { lastName: request.name } : {}) }],
    children: date ? [{ id: newId(), ...date }] : [],
    ...(request.communeCode ? { communeCode: request.communeCode } : {}),
    needs: [...request.needs],
    consent: request.consent,
  };
}
