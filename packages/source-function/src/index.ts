export type {
  SegmentIntegration,
  SegmentJsonObject,
  SegmentIdentifySpec,
  SegmentPageSpec,
  SegmentTrackSpec,
  SegmentGroupSpec,
  SegmentScreenSpec,
} from './integration'
